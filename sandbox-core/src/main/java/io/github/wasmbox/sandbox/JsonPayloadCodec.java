package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.Limits;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PayloadCodec#json()}: Jackson 3, thread-safe because {@link JsonMapper} is.
 *
 * <p>Payloads come from plugins, so parsing is bounded explicitly rather than by Jackson's defaults
 * (which leave the document length unbounded): a document no longer than the largest payload the
 * policy lets through, nesting at most {@value #MAX_NESTING} deep.
 *
 * <p>The mapper is built on first use: a cold JVM takes about a third of a second to build a
 * Jackson mapper, which a runtime whose plugins only exchange bytes should not pay.
 */
final class JsonPayloadCodec implements PayloadCodec {
    /** Deep enough for any real payload, far below what would strain a parser's stack. */
    static final int MAX_NESTING = 200;

    /** Before a plugin's policy is known: the default limits' largest payload. */
    static final JsonPayloadCodec DEFAULT = new JsonPayloadCodec(maxDocument(Limits.defaults()));

    private final long maxDocumentLength;
    private volatile @Nullable JsonMapper mapper;

    JsonPayloadCodec(long maxDocumentLength) {
        this.maxDocumentLength = maxDocumentLength;
    }

    /** The largest JSON document a plugin under {@code limits} can hand the host or be handed. */
    static long maxDocument(Limits limits) {
        return Math.max(
                Math.max(limits.maxInputBytes(), limits.maxOutputBytes()),
                limits.maxHostResultBytes());
    }

    private JsonMapper mapper() {
        JsonMapper built = mapper;
        if (built == null) {
            synchronized (this) {
                built = mapper;
                if (built == null) {
                    built = newMapper(maxDocumentLength);
                    mapper = built;
                }
            }
        }
        return built;
    }

    private static JsonMapper newMapper(long maxDocumentLength) {
        StreamReadConstraints constraints =
                StreamReadConstraints.builder()
                        .maxDocumentLength(maxDocumentLength)
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxDocumentLength))
                        .build();
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
                .build();
    }

    /**
     * The codec to use for one plugin: the default codec bounded by its policy's limits; a codec
     * the application chose is its own responsibility and is returned as is.
     */
    static PayloadCodec forLimits(PayloadCodec codec, Limits limits) {
        if (codec != DEFAULT) {
            return codec;
        }
        long max = maxDocument(limits);
        return max == maxDocument(Limits.defaults()) ? DEFAULT : new JsonPayloadCodec(max);
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return mapper().writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "cannot encode "
                            + value.getClass().getName()
                            + " as JSON: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    @Override
    public Object decode(byte[] bytes, Type type) {
        JsonMapper json = mapper();
        JavaType javaType = json.getTypeFactory().constructType(type);
        try {
            return json.readValue(bytes, javaType);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "cannot decode JSON as " + javaType + ": " + e.getOriginalMessage(), e);
        }
    }
}
