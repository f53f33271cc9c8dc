/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.lang.reflect.Type;

/**
 * Turns Java values into the bytes a plugin receives and back. The runtime uses it for {@link
 * Plugin#call(String, Object, java.lang.reflect.Type)} and typed host functions. Implementations
 * must be thread-safe. The default, {@link #json()}, is Jackson 3 JSON.
 */
public interface PayloadCodec {

    /** Encodes a value. */
    byte[] encode(Object value);

    /**
     * Decodes bytes into a value of the given type (a {@link Class} or a parameterized type).
     *
     * @throws IllegalArgumentException if the bytes are not a valid encoding of that type
     */
    Object decode(byte[] bytes, Type type);

    /** Decodes bytes into an instance of {@code type}. */
    default <T> T decode(byte[] bytes, Class<T> type) {
        return type.cast(decode(bytes, (Type) type));
    }

    /** Jackson 3 JSON with strict defaults and Jackson's stream-read constraints on. */
    static PayloadCodec json() {
        return JsonPayloadCodec.DEFAULT;
    }
}
