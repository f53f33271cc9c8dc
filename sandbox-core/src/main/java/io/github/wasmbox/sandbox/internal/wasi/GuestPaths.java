/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a guest path against a directory descriptor, one component at a time, as WASI wants it:
 * relative only, never above the directory the descriptor names (a {@code ..} too many, an absolute
 * path or a symlink to one gives {@code EPERM}), symlinks followed in the middle of a path and,
 * when asked or when the path ends in a slash, at its end, at most {@link #MAX_SYMLINKS} of them
 * ({@code ELOOP}). Stateless.
 */
final class GuestPaths {
    /** The most symlinks one resolution follows, as Linux's {@code MAXSYMLINKS}. */
    static final int MAX_SYMLINKS = 40;

    /**
     * Where a path led: the directory holding its last component and that component, or for a path
     * ending in {@code .}, {@code ..} or naming the base itself, the directory alone ({@code name}
     * null).
     *
     * @param trailingSlash whether the path ended in a slash, so it must name a directory
     */
    record Resolved(Path parent, @Nullable String name, boolean trailingSlash) {
        /** The path of what the guest named, which may not exist. */
        Path target() {
            return name == null ? parent : parent.resolve(name);
        }

        /** Its attributes without following a final symlink; null if it does not exist. */
        @Nullable BasicFileAttributes attributes() {
            return GuestPaths.attributes(target());
        }
    }

    private GuestPaths() {}

    /**
     * Resolves {@code path} from directory {@code base}.
     *
     * @param followLast whether a symlink as the last component is followed
     */
    static Resolved resolve(Path base, String path, boolean followLast) throws Failure {
        if (path.isEmpty()) {
            throw new Failure(Errno.ENOENT);
        }
        if (path.indexOf('\0') >= 0) {
            throw new Failure(Errno.EINVAL);
        }
        if (path.startsWith("/")) {
            throw new Failure(Errno.EPERM);
        }
        boolean trailingSlash = path.endsWith("/");
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        Path current = base;
        int depth = 0;
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            boolean last = todo.isEmpty();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (depth == 0) {
                    throw new Failure(Errno.EPERM);
                }
                current = current.getParent();
                depth--;
                continue;
            }
            Path next = current.resolve(part);
            BasicFileAttributes attributes = attributes(next);
            if (attributes != null
                    && attributes.isSymbolicLink()
                    && (!last || followLast || trailingSlash)) {
                if (++links > MAX_SYMLINKS) {
                    throw new Failure(Errno.ELOOP);
                }
                String target = readLink(next);
                if (target.startsWith("/")) {
                    throw new Failure(Errno.EPERM);
                }
                push(todo, target);
                continue;
            }
            if (last) {
                return new Resolved(current, part, trailingSlash);
            }
            if (attributes == null) {
                throw new Failure(Errno.ENOENT);
            }
            if (!attributes.isDirectory()) {
                throw new Failure(Errno.ENOTDIR);
            }
            current = next;
            depth++;
        }
        return new Resolved(current, null, trailingSlash);
    }

    /** Pushes the components of {@code path} in front of what is left to resolve. */
    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) {
                todo.push(parts[i]);
            }
        }
        if (todo.isEmpty()) {
            todo.push(".");
        }
    }

    /** The attributes of {@code path} itself, a symlink not followed; null if it does not exist. */
    static @Nullable BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    private static String readLink(Path link) throws Failure {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new Failure(Errno.ENOENT);
        }
    }
}
