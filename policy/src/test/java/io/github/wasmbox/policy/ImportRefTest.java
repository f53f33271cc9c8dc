/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImportRefTest {

    @Test
    void parsesAtTheLastSlash() {
        assertThat(ImportRef.parse("wasmbox:kv/get")).isEqualTo(new ImportRef("wasmbox:kv", "get"));
        assertThat(ImportRef.parse("wasi:http/types/new"))
                .isEqualTo(new ImportRef("wasi:http/types", "new"));
        assertThat(new ImportRef("wasmbox", "input_read")).hasToString("wasmbox/input_read");
    }

    @Test
    void rejectsWhatIsNotModuleAndName() {
        for (String bad : new String[] {"get", "/get", "wasmbox:kv/"}) {
            assertThatThrownBy(() -> ImportRef.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("import must be 'module/name' but was '" + bad + "'");
        }
        assertThatThrownBy(() -> new ImportRef(null, "get"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("module");
    }
}
