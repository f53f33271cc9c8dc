package io.github.wasmbox.sandbox;

import java.lang.reflect.Type;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** {@link PayloadCodec#json()}: Jackson 3, thread-safe because {@link JsonMapper} is. */
final class JsonPayloadCodec implements PayloadCodec {
    static final JsonPayloadCodec DEFAULT = new JsonPayloadCodec(JsonMapper.builder().build());

    private final JsonMapper mapper;

    JsonPayloadCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + value.getClass().getName() + " as JSON: "
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
