/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.TrustedKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import land.oras.ArtifactType;
import land.oras.Config;
import land.oras.ContainerRef;
import land.oras.Index;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.ManifestDescriptor;
import land.oras.Referrers;
import land.oras.Registry;
import land.oras.Subject;
import land.oras.auth.AuthProvider;
import land.oras.auth.AuthStore;
import land.oras.auth.AuthStoreAuthenticationProvider;
import land.oras.auth.HttpClient;
import land.oras.auth.Scope;
import land.oras.auth.Scopes;
import land.oras.exception.OrasException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls plugins from an OCI registry by digest and pushes them there, as the CNCF Wasm OCI artifact
 * (config {@code application/vnd.wasm.config.v0+json}, one {@code application/wasm} layer; the
 * older {@code application/vnd.wasm.content.layer.v1+wasm} layer is read too).
 *
 * <pre>{@code
 * OciRegistry registry = OciRegistry.builder()
 *         .lockFile(Path.of("wasmbox-oci.lock"))
 *         .trustedKeys(keys)
 *         .build();
 * OciModule discount = registry.pull("registry.example.com/acme/discount:1.4.0");
 * runtime.load("discount", discount.source(), policy);
 * }</pre>
 *
 * <p>What {@link #pull(String)} guarantees before it returns: a tag was resolved through the lock
 * file (once, then recorded) or the reference named a digest; the manifest's bytes hash to that
 * digest; the manifest has the Wasm config and exactly one Wasm layer no larger than {@code
 * maxModuleBytes}; the layer's bytes hash to the layer's digest; a signature referrer of that
 * manifest (a detached Ed25519 signature under {@code trustedKeys}, or a sigstore bundle under
 * {@code sigstoreKeys}) verified when one is required; and the plugin met the {@link
 * PinRequirement}. Anything else throws {@link OciException} and hands nothing to the runtime.
 *
 * <p>Credentials come from the Docker {@code config.json} (its {@code auths}, {@code credsStore}
 * and {@code credHelpers}), never from a plugin's policy. Thread-safe; the lock file is shared by
 * every pull of this instance.
 */
public final class OciRegistry {
    private static final Logger log = LoggerFactory.getLogger(OciRegistry.class);

    /** Signature referrers examined per module; more are ignored (an attacker could push many). */
    private static final int MAX_SIGNATURES = 16;

    /**
     * The largest manifest, index or referrers listing read: the size the OCI distribution
     * specification asks every registry to accept, far above the few hundred bytes a Wasm artifact
     * or a signature needs. A registry that sends more is cut off, not buffered.
     */
    static final int MAX_MANIFEST_BYTES = 4 << 20;

    /** An index is accepted too, so that one where a manifest belongs is named, not "not found". */
    private static final String ACCEPT_MANIFEST =
            MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX;

    private static final String ACCEPT_INDEX = MediaTypes.OCI_INDEX;

    private static final int ED25519_SIGNATURE_BYTES = 64;

    /** How much of an error body is quoted in a message. */
    private static final int MESSAGE_BYTES = 500;

    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    private final Registry client;

    /**
     * ORAS's HTTP client (its TLS, credentials and token exchange) for the reads its {@link
     * Registry} would buffer whole: manifests, indexes and referrers listings, read here as capped
     * streams.
     */
    private final HttpClient http;

    private final AuthProvider auth;
    private final @Nullable LockFile lock;
    private final TrustedKeys trustedKeys;
    private final SigstoreKeys sigstoreKeys;
    private final PinRequirement requirement;
    private final long maxModuleBytes;
    private final Duration timeout;

    private OciRegistry(Builder builder) {
        this.auth =
                new AuthStoreAuthenticationProvider(
                        AuthStore.newStore(List.of(builder.dockerConfig)));
        this.client =
                Registry.builder().withAuthProvider(auth).withInsecure(builder.plainHttp).build();
        this.http = HttpClient.Builder.builder().build();
        this.lock = builder.lockFile == null ? null : new LockFile(builder.lockFile);
        this.trustedKeys = builder.trustedKeys;
        this.sigstoreKeys = builder.sigstoreKeys;
        this.requirement = builder.requirement;
        this.maxModuleBytes = builder.maxModuleBytes;
        this.timeout = builder.timeout;
    }

    PinRequirement requirement() {
        return requirement;
    }

    /** A builder: Docker config from the user's home, HTTPS, no lock file, no trusted keys. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Pulls and checks the module at {@code reference} ({@code host[:port]/repository:tag} or
     * {@code …@sha256:<manifest digest>}, optionally prefixed with {@code oci://}). A tag is
     * resolved through the lock file: the digest recorded there is pulled, and a tag not yet
     * recorded is resolved at the registry and recorded once its content has passed every check.
     *
     * @throws IllegalArgumentException if the reference is malformed
     * @throws OciException if the module cannot be pulled, fails a check, or does not meet the
     *     {@link PinRequirement}
     */
    public OciModule pull(String reference) {
        OciReference ref = OciReference.parse(reference);
        return bounded(ref, () -> pullChecked(ref));
    }

    private OciModule pullChecked(OciReference ref) {
        boolean pinned = ref.digest() != null || lock != null;
        if (!pinned && requirement.needsPin()) {
            throw new OciException(
                    "refusing "
                            + ref
                            + ": it is not pinned and the requirement is "
                            + requirement
                            + ". "
                            + howToPin(ref));
        }
        Optional<String> recorded =
                ref.digest() != null
                        ? Optional.of(ref.digest())
                        : lock == null ? Optional.empty() : lock.digest(ref.toString());
        String digest = recorded.orElseGet(() -> resolveTag(ref));
        OciReference at = ref.at(digest);
        Manifest manifest = manifest(at);
        Layer layer = wasmLayer(at, manifest);
        byte[] module = blob(at, layer.getDigest(), layer.getSize(), "layer");
        Signatures signatures = trustedSignature(at, module);
        boolean signed = signatures.signed();
        if (!requirement.isSatisfiedBy(pinned, signed)) {
            throw new OciException(refusal(ref, pinned, signatures));
        }
        if (signatures.examined() > 0 && !signed) {
            log.warn(
                    "{} has {} signature referrer(s), none verified by a trusted key; loading it"
                            + " as pinned by digest{}",
                    at,
                    signatures.examined(),
                    signatures.refused().isEmpty() ? "" : " (" + signatures.refused().get(0) + ")");
        }
        PluginSource source = PluginSource.of("oci " + at, () -> new ByteArrayInputStream(module));
        if (pinned) {
            // Only a pinned reference pins the source: the runtime's own PinRequirement then sees
            // an unpinned tag as unpinned, not as pinned to whatever the tag pointed to.
            source = source.sha256(Digests.hex(layer.getDigest()));
        }
        if (signatures.ed25519() != null) {
            // The runtime checks it again under its own keys; an ECDSA bundle it cannot check.
            source = source.signature(signatures.ed25519());
        }
        if (lock != null && recorded.isEmpty()) {
            // Only a digest whose content passed every check is recorded.
            lock.record(ref.toString(), digest);
            log.info("Pinned {} to {} in {}", ref, digest, lock.path());
        }
        log.info("Pulled {} as {} (pinned: {}, signed: {})", ref, digest, pinned, signed);
        return new OciModule(
                ref.toString(), digest, layer.getDigest(), pinned, signed, source, module);
    }

    /**
     * The digest {@code reference}'s tag points to at the registry now, without reading or writing
     * the lock file: what a poller compares with the digest it serves.
     *
     * @throws OciException if the registry cannot be asked or the tag does not exist
     */
    public String resolve(String reference) {
        OciReference ref = OciReference.parse(reference);
        return ref.digest() != null ? ref.digest() : bounded(ref, () -> resolveTag(ref));
    }

    /**
     * Resolves {@code reference}'s tag at the registry again and records the digest in the lock
     * file: the deliberate step that moves a pinned tag to a new version. Returns the digest.
     *
     * @throws IllegalStateException if there is no lock file
     */
    public String update(String reference) {
        OciReference ref = OciReference.parse(reference);
        if (lock == null || ref.tag() == null) {
            throw new IllegalStateException(
                    "update(…) records a tag in the lock file; "
                            + (lock == null
                                    ? "configure lockFile(…)"
                                    : "give a tag, not a digest"));
        }
        String digest = bounded(ref, () -> resolveTag(ref));
        lock.record(ref.toString(), digest);
        log.info("Pinned {} to {} in {}", ref, digest, lock.path());
        return digest;
    }

    /**
     * Pushes {@code module} to {@code reference}'s tag as the CNCF Wasm artifact and returns its
     * manifest digest.
     *
     * @throws OciException if the registry refuses
     */
    public String push(String reference, byte[] module) {
        OciReference ref = OciReference.parse(reference);
        if (ref.tag() == null) {
            throw new IllegalArgumentException(
                    "push needs a tag to publish under, got the digest reference " + ref);
        }
        ContainerRef target = containerRef(ref);
        return bounded(
                ref,
                () ->
                        call(
                                ref,
                                "push",
                                () -> {
                                    Layer wasm =
                                            withoutData(client.pushBlob(target, module))
                                                    .withMediaType(MediaTypes.WASM_LAYER);
                                    byte[] config =
                                            ("{\"architecture\":\"wasm\",\"os\":\"wasip1\",\"layerDigests\":[\""
                                                            + wasm.getDigest()
                                                            + "\"]}")
                                                    .getBytes(StandardCharsets.UTF_8);
                                    Layer configBlob = client.pushBlob(target, config);
                                    Manifest manifest =
                                            Manifest.empty()
                                                    .withConfig(
                                                            Config.fromBlob(
                                                                    MediaTypes.WASM_CONFIG,
                                                                    configBlob))
                                                    .withLayers(List.of(wasm));
                                    return client.pushManifest(target, manifest)
                                            .getDescriptor()
                                            .getDigest();
                                }));
    }

    /**
     * Pushes a detached Ed25519 signature over a module's bytes as a referrer of the manifest at
     * {@code reference} (a tag is resolved at the registry). On registries without the referrers
     * API the referrer is also listed in the {@code sha256-<digest>} tag, as the OCI distribution
     * specification's fallback describes; two pushers updating that tag at once can lose one entry.
     */
    public void pushSignature(String reference, byte[] signature) {
        if (signature.length != ED25519_SIGNATURE_BYTES) {
            throw new IllegalArgumentException(
                    "an Ed25519 signature is 64 bytes, got " + signature.length);
        }
        OciReference ref = OciReference.parse(reference);
        bounded(ref, () -> pushReferrer(ref, MediaTypes.ED25519_SIGNATURE, signature));
    }

    /**
     * Signs {@code module} with {@code key} (ECDSA P-256, as {@code cosign generate-key-pair}
     * makes, or Ed25519) into a sigstore bundle ({@code
     * application/vnd.dev.sigstore.bundle.v0.3+json}, without transparency-log entries) and pushes
     * it as a referrer of the manifest at {@code reference}, as {@code cosign} attaches bundles:
     * artifact type and single layer of the bundle's media type, the manifest as subject. A tag is
     * resolved at the registry; the manifest's Wasm layer must be {@code module}, so that a bundle
     * is never pushed for other bytes. The {@code sha256-<digest>} tag fallback is kept as {@link
     * #pushSignature} keeps it. Beside or instead of a detached signature; a pull verifies either.
     *
     * @throws IllegalArgumentException if the key is neither ECDSA P-256 nor Ed25519
     * @throws OciException if the registry refuses, or the manifest's layer is not {@code module}
     */
    public void pushSigstoreBundle(String reference, byte[] module, PrivateKey key) {
        byte[] bundle = SigstoreBundle.sign(module, key);
        OciReference ref = OciReference.parse(reference);
        bounded(
                ref,
                () -> {
                    OciReference subject =
                            ref.at(ref.digest() != null ? ref.digest() : resolveTag(ref));
                    String layer = wasmLayer(subject, manifest(subject)).getDigest();
                    String signed = Digests.sha256(module);
                    if (!signed.equals(layer)) {
                        throw new OciException(
                                "refusing to push a sigstore bundle for "
                                        + subject
                                        + ": its Wasm layer is "
                                        + layer
                                        + " but the module to sign is "
                                        + signed
                                        + "; sign the bytes that were pushed");
                    }
                    return pushReferrer(subject, MediaTypes.SIGSTORE_BUNDLE, bundle);
                });
    }

    /**
     * Pushes {@code content} as the single layer of a referrer of {@code artifactType} whose
     * subject is the manifest at {@code ref}, and lists it in the fallback tag where the registry
     * has no referrers API. Returns the referrer's manifest digest.
     */
    String pushReferrer(OciReference ref, String artifactType, byte[] content) {
        String subjectDigest = ref.digest() != null ? ref.digest() : resolveTag(ref);
        OciReference subject = ref.at(subjectDigest);
        return call(
                subject,
                "push a signature for",
                () -> {
                    ContainerRef target = containerRef(subject);
                    long subjectSize = client.getDescriptor(target).getSize();
                    boolean referrersApi = referrersApi(subject, target).isPresent();
                    // A blob upload checks the data against the reference's digest.
                    client.pushBlob(target.withDigest(Digests.sha256(EMPTY_JSON)), EMPTY_JSON);
                    Layer layer =
                            withoutData(
                                            client.pushBlob(
                                                    target.withDigest(Digests.sha256(content)),
                                                    content))
                                    .withMediaType(artifactType);
                    Manifest manifest =
                            Manifest.empty()
                                    .withArtifactType(ArtifactType.from(artifactType))
                                    .withLayers(List.of(layer))
                                    .withSubject(
                                            Subject.of(
                                                    MediaTypes.OCI_MANIFEST,
                                                    subjectDigest,
                                                    subjectSize));
                    byte[] json = manifest.toJson().getBytes(StandardCharsets.UTF_8);
                    String digest = Digests.sha256(json);
                    try {
                        client.pushManifest(target.withDigest(digest), manifest);
                    } catch (OrasException e) {
                        // The client gives up on a registry that stored the manifest but did not
                        // index its subject; such a registry needs the tag fallback below.
                        if (referrersApi
                                || ifFound(() -> client.getDescriptor(target.withDigest(digest)))
                                        .isEmpty()) {
                            throw e;
                        }
                    }
                    if (!referrersApi) {
                        ContainerRef fallback = fallbackTag(target, subjectDigest);
                        Index index =
                                fallbackIndex(subject, target)
                                        .orElse(Index.fromManifests(List.of()));
                        client.pushIndex(
                                fallback,
                                index.withNewManifests(
                                        ManifestDescriptor.of(
                                                        MediaTypes.OCI_MANIFEST,
                                                        digest,
                                                        json.length)
                                                .withArtifactType(artifactType)));
                    }
                    return digest;
                });
    }

    /**
     * A pushed blob's descriptor without the {@code data} field the client fills in: embedded, the
     * module would be in the manifest twice over (base64) and a large one past every registry's
     * manifest limit.
     */
    private static Layer withoutData(Layer pushed) {
        return Layer.fromDigest(pushed.getDigest(), pushed.getSize());
    }

    /**
     * Runs registry work on a thread of its own and gives up after the timeout: the client bounds
     * connecting, not a registry that accepts and then stalls. The abandoned thread is interrupted,
     * which ends a request in flight.
     */
    private <T> T bounded(OciReference ref, Supplier<T> work) {
        CompletableFuture<T> result =
                CompletableFuture.supplyAsync(
                        work,
                        task -> {
                            Thread thread = new Thread(task, "wasmbox-oci " + ref);
                            thread.setDaemon(true);
                            thread.start();
                        });
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new OciException(
                    "the registry did not answer for "
                            + ref
                            + " within "
                            + timeout
                            + " (OciRegistry.builder().timeout(…)); whatever was loaded keeps"
                            + " serving",
                    e);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new OciException("interrupted while talking to the registry for " + ref, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new OciException("cannot reach the registry for " + ref, e.getCause());
        }
    }

    private String resolveTag(OciReference ref) {
        String digest =
                call(ref, "resolve", () -> client.probeDescriptor(containerRef(ref)).getDigest());
        if (digest == null || !Digests.isSha256(digest)) {
            throw new OciException(
                    "the registry resolved "
                            + ref
                            + " to '"
                            + digest
                            + "', not a sha256:<64 hex digits> digest");
        }
        return digest;
    }

    /**
     * The manifest at a digest reference: no larger than {@link #MAX_MANIFEST_BYTES}, its bytes
     * hashing to the digest, and an image manifest (not an index or anything else).
     */
    private Manifest manifest(OciReference at) {
        ContainerRef ref = containerRef(at);
        byte[] bytes =
                cappedRead(at, ref, ref.getManifestsPath(client), ACCEPT_MANIFEST, "manifest")
                        .orElseThrow(
                                () ->
                                        new OciException(
                                                "cannot read the manifest of "
                                                        + at
                                                        + ": not found (HTTP 404); check the"
                                                        + " repository and digest"));
        String actual = Digests.sha256(bytes);
        if (!actual.equals(at.digest())) {
            throw new OciException(
                    "the registry served a manifest for "
                            + at
                            + " whose digest is "
                            + actual
                            + "; refusing it (the registry's content was altered, or it is not"
                            + " the registry the reference names)");
        }
        Manifest manifest = parse(at, "manifest", () -> Manifest.fromJson(utf8(bytes)));
        String mediaType = manifest.getMediaType();
        if (mediaType != null && !mediaType.equals(MediaTypes.OCI_MANIFEST)) {
            throw new OciException(
                    at
                            + " is a '"
                            + mediaType
                            + "', not an OCI image manifest ("
                            + MediaTypes.OCI_MANIFEST
                            + "); a Wasm artifact is one manifest with one layer, push it with"
                            + " OciRegistry.push(…)");
        }
        return manifest;
    }

    /**
     * A manifest, index or referrers listing at {@code url}, read as a stream and cut off past
     * {@link #MAX_MANIFEST_BYTES}; empty when the registry answers 404.
     */
    private Optional<byte[]> cappedRead(
            OciReference at, ContainerRef ref, String url, String accept, String what) {
        return call(
                at,
                "read the " + what + " of",
                () -> {
                    HttpClient.ResponseWrapper<InputStream> response =
                            http.download(
                                    URI.create(client.getScheme() + "://" + url),
                                    Map.of("Accept", accept),
                                    Scopes.of(ref, Scope.PULL),
                                    auth);
                    try (InputStream body =
                            response.response() == null
                                    ? InputStream.nullInputStream()
                                    : response.response()) {
                        int status = response.statusCode();
                        if (status == 404) {
                            return Optional.empty();
                        }
                        if (status / 100 != 2) {
                            throw new OrasException(
                                    status, utf8(body.readNBytes(MESSAGE_BYTES)).strip());
                        }
                        Long declared = contentLength(response.headers());
                        if (declared != null && declared > MAX_MANIFEST_BYTES) {
                            // Refused unread.
                            throw tooLarge(at, what, declared);
                        }
                        byte[] bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
                        if (bytes.length > MAX_MANIFEST_BYTES) {
                            throw tooLarge(at, what, null);
                        }
                        return Optional.of(bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static @Nullable Long contentLength(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Length")) {
                try {
                    return Long.parseLong(header.getValue().strip());
                } catch (NumberFormatException e) {
                    return null; // then only the bytes read count
                }
            }
        }
        return null;
    }

    private static OciException tooLarge(OciReference at, String what, @Nullable Long declared) {
        return new OciException(
                "the "
                        + what
                        + " of "
                        + at
                        + (declared == null
                                ? " is larger than "
                                : " is " + declared + " bytes, more than ")
                        + MAX_MANIFEST_BYTES
                        + " bytes, the most wasmbox reads; refusing it (a Wasm artifact's manifest"
                        + " is a few hundred bytes: this registry is misconfigured or hostile)");
    }

    /** JSON from the registry parsed by ORAS; what does not parse is refused, naming it. */
    private static <T> T parse(OciReference at, String what, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw new OciException(
                    "the " + what + " of " + at + " is not valid OCI JSON: " + e.getMessage(), e);
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Layer wasmLayer(OciReference at, Manifest manifest) {
        String config = manifest.getConfig() == null ? null : manifest.getConfig().getMediaType();
        if (!MediaTypes.CONFIGS.contains(config)) {
            throw new OciException(
                    at
                            + " is not a Wasm artifact: its config media type is '"
                            + config
                            + "', expected "
                            + MediaTypes.WASM_CONFIG
                            + " (or the older "
                            + MediaTypes.LEGACY_WASM_CONFIG
                            + ")");
        }
        List<Layer> layers = manifest.getLayers();
        if (layers.size() != 1) {
            throw new OciException(
                    at + " has " + layers.size() + " layers; a Wasm artifact has exactly one");
        }
        Layer layer = layers.get(0);
        if (!MediaTypes.LAYERS.contains(layer.getMediaType())) {
            throw new OciException(
                    at
                            + " has a layer of media type '"
                            + layer.getMediaType()
                            + "', expected "
                            + MediaTypes.WASM_LAYER
                            + " (or the older "
                            + MediaTypes.LEGACY_WASM_LAYER
                            + ")");
        }
        if (layer.getDigest() == null || !Digests.isSha256(layer.getDigest())) {
            throw new OciException(
                    at + "'s layer digest '" + layer.getDigest() + "' is not a sha256 digest");
        }
        Long size = layer.getSize();
        if (size == null || size < 0 || size > maxModuleBytes) {
            throw new OciException(
                    at
                            + "'s Wasm layer is "
                            + size
                            + " bytes, more than maxModuleBytes ("
                            + maxModuleBytes
                            + "); refusing to download it. Raise OciRegistry.builder()"
                            + ".maxModuleBytes(…) if the module is expected to be this large.");
        }
        return layer;
    }

    /**
     * A blob read in full, no more than its declared size, and checked against its digest. The
     * declared size is bounded by the caller, so a registry that sends more is cut off, not read.
     */
    private byte[] blob(OciReference at, String digest, long size, String what) {
        byte[] bytes =
                call(
                        at,
                        "download the " + what + " " + digest + " of",
                        () -> {
                            try (InputStream in = client.fetchBlob(containerRef(at.at(digest)))) {
                                return in.readNBytes(Math.toIntExact(size) + 1);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
        if (bytes.length != size) {
            throw new OciException(
                    "the registry sent "
                            + (bytes.length > size ? "more than " : "")
                            + bytes.length
                            + " bytes for the "
                            + what
                            + " "
                            + digest
                            + " of "
                            + at
                            + ", whose manifest declares "
                            + size);
        }
        String actual = Digests.sha256(bytes);
        if (!actual.equals(digest)) {
            throw new OciException(
                    "the "
                            + what
                            + " of "
                            + at
                            + " does not match its digest: expected "
                            + digest
                            + ", got "
                            + actual
                            + "; refusing it (the registry's content was altered)");
        }
        return bytes;
    }

    /**
     * The signature referrers examined, whether one verified under a trusted key, the Ed25519
     * signature to attach to the source when the one that verified has one (a detached signature,
     * or a bundle signed with an Ed25519 key), and why the sigstore bundles examined were refused.
     */
    private record Signatures(
            int examined, boolean signed, byte @Nullable [] ed25519, List<String> refused) {
        static Signatures none(int examined, List<String> refused) {
            return new Signatures(examined, false, null, refused);
        }
    }

    private Signatures trustedSignature(OciReference at, byte[] module) {
        Set<String> verifiable = new HashSet<>();
        if (!trustedKeys.isEmpty()) {
            verifiable.add(MediaTypes.ED25519_SIGNATURE);
        }
        if (!sigstoreKeys.isEmpty()) {
            verifiable.add(MediaTypes.SIGSTORE_BUNDLE);
        }
        if (verifiable.isEmpty()) {
            // Nothing could verify a signature, so none is fetched.
            return Signatures.none(0, List.of());
        }
        List<ManifestDescriptor> signatures =
                referrers(at).stream()
                        .filter(d -> verifiable.contains(d.getArtifactType()))
                        .filter(d -> d.getDigest() != null && Digests.isSha256(d.getDigest()))
                        .limit(MAX_SIGNATURES)
                        .toList();
        int examined = 0;
        List<String> refused = new ArrayList<>();
        for (ManifestDescriptor descriptor : signatures) {
            examined++;
            String type = descriptor.getArtifactType();
            boolean bundle = MediaTypes.SIGSTORE_BUNDLE.equals(type);
            OciReference signatureAt = at.at(descriptor.getDigest());
            Manifest manifest = manifest(signatureAt);
            Layer layer = manifest.getLayers().size() == 1 ? manifest.getLayers().get(0) : null;
            Long size = layer == null ? null : layer.getSize();
            if (manifest.getSubject() == null
                    || !Objects.equals(manifest.getSubject().getDigest(), at.digest())
                    || layer == null
                    || !type.equals(layer.getMediaType())
                    || layer.getDigest() == null
                    || !Digests.isSha256(layer.getDigest())
                    || size == null
                    || (bundle ? size < 1 : size != ED25519_SIGNATURE_BYTES)) {
                // Listed as a referrer but not a signature of this manifest: skip it.
                continue;
            }
            if (bundle && size > SigstoreBundle.MAX_BYTES) {
                refused.add(
                        "the sigstore bundle "
                                + descriptor.getDigest()
                                + " declares "
                                + size
                                + " bytes, more than the "
                                + SigstoreBundle.MAX_BYTES
                                + " wasmbox reads; not downloaded");
                continue;
            }
            byte[] content =
                    blob(
                            signatureAt,
                            layer.getDigest(),
                            size,
                            bundle ? "sigstore bundle" : "signature");
            if (!bundle) {
                if (trustedKeys.verify(module, content)) {
                    return new Signatures(examined, true, content, refused);
                }
                continue;
            }
            try {
                SigstoreBundle.Verified verified =
                        SigstoreBundle.verify(content, module, sigstoreKeys);
                return new Signatures(
                        examined,
                        true,
                        verified.isEd25519() ? verified.signature() : null,
                        refused);
            } catch (SigstoreBundle.InvalidBundleException e) {
                refused.add(
                        "the sigstore bundle " + descriptor.getDigest() + ": " + e.getMessage());
            }
        }
        return Signatures.none(examined, refused);
    }

    /**
     * Referrers of a digest: the referrers API, else the {@code sha256-<hex>} tag fallback. Each
     * listing is capped at {@link #MAX_MANIFEST_BYTES}; the caller examines only the first few.
     */
    private List<ManifestDescriptor> referrers(OciReference at) {
        ContainerRef target = containerRef(at);
        return referrersApi(at, target)
                .or(() -> fallbackIndex(at, target).map(Index::getManifests))
                .orElse(List.of());
    }

    private Optional<List<ManifestDescriptor>> referrersApi(OciReference at, ContainerRef target) {
        return cappedRead(
                        at,
                        target,
                        target.getReferrersPath(client, null),
                        ACCEPT_INDEX,
                        "referrers")
                .map(
                        json ->
                                parse(
                                        at,
                                        "referrers listing",
                                        () -> Referrers.fromJson(utf8(json)).getManifests()));
    }

    private Optional<Index> fallbackIndex(OciReference at, ContainerRef target) {
        ContainerRef fallback = fallbackTag(target, at.digest());
        return cappedRead(
                        at,
                        fallback,
                        fallback.getManifestsPath(client),
                        ACCEPT_INDEX,
                        "referrers tag")
                .map(json -> parse(at, "referrers tag", () -> Index.fromJson(utf8(json))));
    }

    /** The answer to a request, or empty when the registry answers 404. */
    private static <T> Optional<T> ifFound(Supplier<T> request) {
        try {
            return Optional.of(request.get());
        } catch (OrasException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static ContainerRef fallbackTag(ContainerRef target, @Nullable String digest) {
        return ContainerRef.parse(
                target.getRegistry()
                        + "/"
                        + target.getFullRepository()
                        + ":sha256-"
                        + Digests.hex(Objects.requireNonNull(digest)));
    }

    private static boolean isNotFound(OrasException e) {
        return e.getStatusCode() != null && e.getStatusCode() == 404;
    }

    private static ContainerRef containerRef(OciReference ref) {
        return ContainerRef.parse(ref.toString());
    }

    private <T> T call(OciReference ref, String action, Supplier<T> work) {
        try {
            return work.get();
        } catch (OrasException e) {
            throw failure(ref, action, e);
        } catch (UncheckedIOException e) {
            throw new OciException(
                    "cannot " + action + " " + ref + ": " + e.getCause().getMessage(), e);
        }
    }

    private static OciException failure(OciReference ref, String action, OrasException e) {
        Integer status = e.getStatusCode();
        String why =
                status == null
                        ? e.getMessage()
                        : switch (status) {
                            case 401, 403 ->
                                    "the registry refused the credentials (HTTP "
                                            + status
                                            + "); log in with `docker login "
                                            + ref.registry()
                                            + "` or add it to the Docker config.json";
                            case 404 -> "not found (HTTP 404); check the repository and tag";
                            // ORAS reports a request that got no response as status -1.
                            case -1 ->
                                    "the registry did not answer ("
                                            + rootCause(e)
                                            + "); check that "
                                            + ref.registry()
                                            + " runs and is reachable";
                            default -> "HTTP " + status + ": " + e.getMessage();
                        };
        return new OciException("cannot " + action + " " + ref + ": " + why, e);
    }

    /** The first I/O failure under {@code e} (such as a refused connection), named. */
    private static String rootCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                String name = cause.getClass().getSimpleName();
                return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }

    private String howToPin(OciReference ref) {
        return "Pin it: name a digest ("
                + ref.registry()
                + "/"
                + ref.repository()
                + "@sha256:…, see OciRegistry.resolve) or give the registry a lock file"
                + " (OciRegistry.builder().lockFile(…)) that records the tag's digest once.";
    }

    private String refusal(OciReference ref, boolean pinned, Signatures signatures) {
        StringBuilder message = new StringBuilder("refusing ").append(ref).append(": ");
        if (trustedKeys.isEmpty() && sigstoreKeys.isEmpty()) {
            message.append("no signature can be verified (no key is trusted)");
        } else if (signatures.examined() == 0) {
            message.append("it has no signature referrer");
        } else {
            message.append("none of its ")
                    .append(signatures.examined())
                    .append(" signature referrer(s) verifies under the ")
                    .append(
                            sigstoreKeys.isEmpty()
                                    ? trustedKeys.size() + " trusted key(s)"
                                    : trustedKeys.isEmpty()
                                            ? sigstoreKeys.size() + " sigstore key(s)"
                                            : trustedKeys.size()
                                                    + " trusted key(s) and "
                                                    + sigstoreKeys.size()
                                                    + " sigstore key(s)");
            List<String> refused = signatures.refused();
            if (!refused.isEmpty()) {
                // The first few reasons; a registry may list many bundles.
                message.append(" (")
                        .append(String.join("; ", refused.subList(0, Math.min(3, refused.size()))))
                        .append(refused.size() > 3 ? "; and " + (refused.size() - 3) + " more" : "")
                        .append(')');
            }
        }
        message.append(pinned ? " and " : ", it is not pinned, and ")
                .append("the requirement is ")
                .append(requirement)
                .append(". ");
        if (!pinned) {
            message.append(howToPin(ref)).append(" Or sign it: ");
        } else {
            message.append("Sign it: ");
        }
        return message.append(
                        "push its detached Ed25519 signature with OciRegistry.pushSignature(…)"
                                + " and configure the public key in trustedKeys(…), or a sigstore"
                                + " bundle with OciRegistry.pushSigstoreBundle(…) and its key in"
                                + " sigstoreKeys(…).")
                .toString();
    }

    /** Configures an {@link OciRegistry}. Not thread-safe. */
    public static final class Builder {
        private Path dockerConfig =
                Path.of(System.getProperty("user.home"), ".docker", "config.json");
        private boolean plainHttp;
        private @Nullable Path lockFile;
        private TrustedKeys trustedKeys = TrustedKeys.none();
        private SigstoreKeys sigstoreKeys = SigstoreKeys.none();
        private PinRequirement requirement = PinRequirement.DIGEST_OR_SIGNATURE;
        private long maxModuleBytes = 32L << 20;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder() {}

        /**
         * The Docker {@code config.json} that holds registry credentials. Default: {@code
         * ~/.docker/config.json}; a missing file means anonymous access.
         */
        public Builder dockerConfig(Path file) {
            this.dockerConfig = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Talks plain HTTP instead of HTTPS, to every registry: for a registry on the loopback
         * interface in development and tests only. Default: false.
         */
        public Builder plainHttp(boolean plain) {
            this.plainHttp = plain;
            return this;
        }

        /**
         * The lock file that pins each tag to the digest it first resolved to. Without one, a tag
         * is resolved at every pull and the reference counts as unpinned. Default: none.
         */
        public Builder lockFile(Path file) {
            this.lockFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The Ed25519 keys a signature referrer must verify under; give the runtime the same keys.
         * Default: none.
         */
        public Builder trustedKeys(TrustedKeys keys) {
            this.trustedKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The keys a sigstore bundle referrer ({@code
         * application/vnd.dev.sigstore.bundle.v0.3+json}) must verify under: ECDSA P-256 keys
         * ({@code cosign generate-key-pair}) or Ed25519 keys. A bundle signed with an Ed25519 key
         * is attached to the module's source as its detached signature, so give the runtime the
         * same Ed25519 keys; one signed with an ECDSA key is checked here only, as the runtime's
         * {@code TrustedKeys} are Ed25519. Transparency-log entries in a bundle are not checked,
         * and keyless bundles are refused. Default: none.
         */
        public Builder sigstoreKeys(SigstoreKeys keys) {
            this.sigstoreKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** What a pulled plugin must carry. Default: {@link PinRequirement#DIGEST_OR_SIGNATURE}. */
        public Builder require(PinRequirement required) {
            this.requirement = Objects.requireNonNull(required, "required");
            return this;
        }

        /**
         * The largest Wasm layer downloaded, in bytes; a manifest declaring a larger one is refused
         * before anything is downloaded. Default: 32 MiB, the runtime's default {@code
         * maxModuleBytes}.
         */
        public Builder maxModuleBytes(long bytes) {
            if (bytes < 8 || bytes > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException(
                        "maxModuleBytes must be between 8 and "
                                + (Integer.MAX_VALUE - 1)
                                + ", got "
                                + bytes);
            }
            this.maxModuleBytes = bytes;
            return this;
        }

        /**
         * How long one pull, resolve, update or push may take in all, every request and download
         * included. Default: 30 s, the runtime's default {@code loadTimeout}.
         */
        public Builder timeout(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + limit);
            }
            this.timeout = limit;
            return this;
        }

        /**
         * Creates the registry client.
         *
         * @throws IllegalStateException if the requirement needs a signature and there are no
         *     trusted keys to verify one with
         */
        public OciRegistry build() {
            if (trustedKeys.isEmpty() && sigstoreKeys.isEmpty() && requirement.needsSignature()) {
                throw new IllegalStateException(
                        "the requirement "
                                + requirement
                                + " needs a trusted signature, but no key is trusted; configure"
                                + " trustedKeys(…) with the vendors' Ed25519 public keys, or"
                                + " sigstoreKeys(…) with the keys their sigstore bundles are"
                                + " signed with");
            }
            return new OciRegistry(this);
        }
    }
}
