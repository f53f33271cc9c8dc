package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.Limits;
import java.lang.reflect.Type;
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
 */
final class JsonPayloadCodec implements PayloadCodec {
    /** Deep enough for any real payload, far below what would strain a parser's stack. */
    static final int MAX_NESTING = 200;

    /** Before a plugin's policy is known: the default limits' largest payload. */
    static final JsonPayloadCodec DEFAULT =
            new JsonPayloadCodec(mapper(maxDocument(Limits.defaults())));

    private final JsonMapper mapper;

    JsonPayloadCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The largest JSON document a plugin under {@code limits} can hand the host or be handed. */
    static long maxDocument(Limits limits) {
        return Math.max(
                Math.max(limits.maxInputBytes(), limits.maxOutputBytes()),
                limits.maxHostResultBytes());
    }

    private static JsonMapper mapper(long maxDocumentLength) {
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
        return max == maxDocument(Limits.defaults()) ? DEFAULT : new JsonPayloadCodec(mapper(max));
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
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
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        try {
            return mapper.readValue(bytes, javaType);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "cannot decode JSON as " + javaType + ": " + e.getOriginalMessage(), e);
        }
    }
}
