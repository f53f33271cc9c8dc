package io.github.wasmbox.host.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Collects a response body up to a cap, and cancels the exchange as soon as it is exceeded (or as
 * soon as {@code Content-Length} announces more), so an oversized response is never buffered.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body exceeded the cap. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long cap) {
            super("response body exceeds " + cap + " bytes");
        }
    }

    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long cap;
    private final boolean announcedTooLarge;
    private Flow.@Nullable Subscription subscription;

    CappedBody(HttpResponse.ResponseInfo info, long cap) {
        this.cap = cap;
        this.announcedTooLarge = info.headers().firstValueAsLong("content-length").orElse(0) > cap;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (announcedTooLarge) {
            subscription.cancel();
            body.completeExceptionally(new TooLarge(cap));
            return;
        }
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer item : items) {
            if (bytes.size() + (long) item.remaining() > cap) {
                Flow.Subscription current = subscription;
                if (current != null) {
                    current.cancel();
                }
                body.completeExceptionally(new TooLarge(cap));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
