/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

/**
 * The WASI preview 1 error numbers that wasmbox returns itself. Values are fixed by the WASI
 * specification ({@code errno} enum order).
 */
public final class Errno {
    public static final int SUCCESS = 0;
    public static final int EACCES = 2;
    public static final int EBADF = 8;
    public static final int EINVAL = 28;
    public static final int EMFILE = 33;
    public static final int ENAMETOOLONG = 37;
    public static final int ENOSPC = 51;
    public static final int ENOTSUP = 58;
    public static final int EPERM = 63;
    public static final int EROFS = 69;
    public static final int EXDEV = 75;

    private Errno() {}

    /** A short name for messages. */
    public static String name(int errno) {
        switch (errno) {
            case EACCES:
                return "EACCES";
            case EBADF:
                return "EBADF";
            case EINVAL:
                return "EINVAL";
            case EMFILE:
                return "EMFILE";
            case ENAMETOOLONG:
                return "ENAMETOOLONG";
            case ENOSPC:
                return "ENOSPC";
            case ENOTSUP:
                return "ENOTSUP";
            case EPERM:
                return "EPERM";
            case EROFS:
                return "EROFS";
            case EXDEV:
                return "EXDEV";
            default:
                return "errno " + errno;
        }
    }
}
