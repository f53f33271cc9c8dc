/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.Limits;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * {@link PayloadCodec#json()}: Jackson 3, thread-safe because {@link JsonMapper} is.
 *
 * <p>Payloads come from plugins, so decoding treats them as hostile: what a plugin answers is
 * decoded after its call returned, in a host thread where no fuel, deadline or memory limit
 * applies, so a value must not cost the host more to decode or compute with than its size. Besides
 * the document length (the largest payload the policy lets through), these fixed rules hold:
 *
 * <ul>
 *   <li>nesting at most {@value #MAX_NESTING} deep, so decoding cannot strain a thread's stack;
 *   <li>a number at most {@value #MAX_NUMBER_LENGTH} characters long, finite as a {@code double},
 *       and with a {@link BigDecimal#scale() scale} within ±{@value #MAX_SCALE}, so that {@code
 *       setScale}, arithmetic and {@code toPlainString} on it stay cheap ({@code 1e99999999} is
 *       refused rather than decoded with a scale of −99,999,999);
 *   <li>no duplicate keys (an answer cannot say {@code "approved":false} and later {@code
 *       "approved":true});
 *   <li>no coercion: a fraction is not truncated into an integer, and a string is not read as a
 *       number or a boolean, nor a number or a boolean as a string.
 * </ul>
 *
 * <p>The decoded value's heap footprint is linear in the document's length (measured worst case,
 * empty arrays decoded as {@code Object}: about 17 bytes of heap per byte), so the output limit
 * bounds it.
 *
 * <p>The mapper is built on first use: a cold JVM takes about a third of a second to build a
 * Jackson mapper, which a runtime whose plugins only exchange bytes should not pay.
 */
final class JsonPayloadCodec implements PayloadCodec {
    /** Deep enough for any real payload, far below what would strain a parser's stack. */
    static final int MAX_NESTING = 200;

    /** Jackson's own default, made explicit: longer than any number a business value needs. */
    static final int MAX_NUMBER_LENGTH = 1000;

    /** Digits after the point (negative: zeros before it) a decoded number may have. */
    static final int MAX_SCALE = 1000;

    private static final String FIXED_RULES =
            "refused under the fixed rules of wasmbox's JSON codec for plugin output, whatever"
                    + " Jackson's message suggests: no duplicate keys, no coercion between"
                    + " strings, numbers and booleans, numbers finite as a double with a scale"
                    + " within ±"
                    + MAX_SCALE
                    + ", nesting at most "
                    + MAX_NESTING
                    + " deep";

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
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxDocumentLength))
                        .build();
        JsonFactory factory =
                JsonFactory.builder()
                        .streamReadConstraints(constraints)
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build();
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withCoercionConfig(
                        LogicalType.Integer,
                        c ->
                                c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                        .setCoercion(
                                                CoercionInputShape.EmptyString,
                                                CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Float,
                        c ->
                                c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                        .setCoercion(
                                                CoercionInputShape.EmptyString,
                                                CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        c ->
                                c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                        .setCoercion(
                                                CoercionInputShape.Integer, CoercionAction.Fail)
                                        .setCoercion(
                                                CoercionInputShape.EmptyString,
                                                CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Textual,
                        c ->
                                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                        .setCoercion(
                                                CoercionInputShape.Boolean, CoercionAction.Fail))
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

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also if the bytes break one of the rules above; the message
     *     names the rule, or the policy limits that set the document length
     */
    @Override
    public Object decode(byte[] bytes, Type type) {
        JsonMapper json = mapper();
        JavaType javaType = json.getTypeFactory().constructType(type);
        if (bytes.length > maxDocumentLength) {
            throw new IllegalArgumentException(
                    "cannot decode JSON as "
                            + javaType.getTypeName()
                            + ": the document is "
                            + bytes.length
                            + " bytes, longer than the largest payload the policy lets through ("
                            + maxDocumentLength
                            + " bytes, the largest of the limits max-input, max-output and"
                            + " max-host-result)");
        }
        try {
            String refusal = numberRefusal(json, bytes);
            if (refusal != null) {
                throw new IllegalArgumentException(
                        "cannot decode JSON as " + javaType.getTypeName() + ": " + refusal);
            }
            return json.readValue(bytes, javaType);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "cannot decode JSON as "
                            + javaType.getTypeName()
                            + ": "
                            + e.getOriginalMessage()
                            + " ("
                            + FIXED_RULES
                            + ")",
                    e);
        }
    }

    /**
     * Reads the document once as tokens and returns why a number in it is refused, or {@code null}:
     * a number a host could not compute with cheaply is refused whatever type it would be decoded
     * into. Databind may read a number as a {@code double}, a {@link BigDecimal} or a {@link
     * java.math.BigInteger}, so the rule is checked here, on the token, rather than in each of
     * Jackson's number deserializers. Tokenizing is linear in the document's length, which the
     * constraints bound.
     */
    private static @Nullable String numberRefusal(JsonMapper json, byte[] bytes) {
        try (JsonParser parser = json.createParser(bytes)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                String refusal = null;
                if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    refusal = refusal(parser, parser.getDecimalValue());
                } else if (token == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    refusal = refusal(parser, new BigDecimal(parser.getBigIntegerValue()));
                }
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        return null;
    }

    private static @Nullable String refusal(JsonParser parser, BigDecimal number) {
        // The scale first: it is what makes setScale, add or toPlainString expensive, and it keeps
        // doubleValue() below cheap.
        if (Math.abs((long) number.scale()) > MAX_SCALE) {
            return "number "
                    + shown(parser)
                    + " has a scale of "
                    + number.scale()
                    + ", beyond ±"
                    + MAX_SCALE
                    + " (a fixed rule of the JSON codec for plugin output: such a number"
                    + " would cost the host CPU or memory to compute with)";
        }
        if (!Double.isFinite(number.doubleValue())) {
            return "number "
                    + shown(parser)
                    + " is not finite as a double (a fixed rule of the JSON codec for"
                    + " plugin output: numbers lie within ±"
                    + Double.MAX_VALUE
                    + ")";
        }
        return null;
    }

    /** The number as the plugin wrote it, shortened: it may be a thousand digits long. */
    private static String shown(JsonParser parser) {
        String text = parser.getString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
