import * as assert from "node:assert";
import { createHash } from "node:crypto";
import {
    FLUX_COMPONENTS,
    FLUX_OPERATOR_CHART_VERSION,
    FLUX_VERSION,
    GITHUB_KNOWN_HOSTS,
    fluxInstanceSpec,
    knownHostsFor,
    parseGitSshUrl,
    sopsCreationRules,
} from "../components/gitops";

/**
 * The FluxInstance CRD (controlplaneio-fluxcd/flux-operator config/crd/bases/fluxcd.controlplane.io_fluxinstances.yaml,
 * v0.58.1) as far as this program uses it. No npm package carries the schema, so its required fields and enums are
 * copied here and asserted field by field.
 */
const CRD = {
    required: { spec: ["distribution"], distribution: ["registry", "version"], sync: ["kind", "path", "ref", "url"], patch: ["patch"] },
    components: [
        "source-controller",
        "kustomize-controller",
        "helm-controller",
        "notification-controller",
        "image-reflector-controller",
        "image-automation-controller",
        "source-watcher",
    ],
    clusterType: ["kubernetes", "openshift", "aws", "azure", "gcp"],
    clusterSize: ["small", "medium", "large"],
    syncKind: ["OCIRepository", "GitRepository", "Bucket"],
};
const SEMVER = /^\d+\.\d+\.\d+$/;
const args = { repoUrl: "ssh://git@github.com/example-org/platform-config.git", branch: "main", path: "./clusters/dev/" };

describe("gitops: fluxInstanceSpec", () => {
    const spec = fluxInstanceSpec(args);

    it("has every field the FluxInstance CRD requires, with values its enums allow", () => {
        for (const f of CRD.required.spec) assert.ok(spec[f] !== undefined, `spec.${f}`);
        for (const f of CRD.required.distribution) assert.strictEqual(typeof spec.distribution[f], "string", `spec.distribution.${f}`);
        for (const f of CRD.required.sync) assert.strictEqual(typeof spec.sync[f], "string", `spec.sync.${f}`);
        for (const p of spec.kustomize.patches) for (const f of CRD.required.patch) assert.strictEqual(typeof p[f], "string");
        for (const c of spec.components) assert.ok(CRD.components.includes(c), c);
        assert.ok(CRD.clusterType.includes(spec.cluster.type));
        assert.ok(CRD.clusterSize.includes(spec.cluster.size));
        assert.ok(CRD.syncKind.includes(spec.sync.kind));
        assert.strictEqual(new Set(spec.components).size, spec.components.length, "components are unique");
    });

    it("pins Flux 2.9 from ghcr.io/fluxcd with the image automation controllers, on an aws cluster", () => {
        assert.match(FLUX_VERSION, SEMVER);
        assert.ok(FLUX_VERSION.startsWith("2.9."));
        assert.ok(!("artifact" in spec.distribution), "no floating manifests artifact");
        assert.deepStrictEqual(spec.distribution, { version: FLUX_VERSION, registry: "ghcr.io/fluxcd" });
        assert.deepStrictEqual(spec.components, [...FLUX_COMPONENTS]);
        assert.ok(spec.components.includes("image-reflector-controller") && spec.components.includes("image-automation-controller"));
        // The tenancy layer's NetworkPolicies govern flux-system, not Flux's own allow-all-egress set.
        assert.deepStrictEqual(spec.cluster, {
            type: "aws",
            size: "medium",
            multitenant: false,
            networkPolicy: false,
            domain: "cluster.local",
        });
    });

    it("syncs the branch and the normalized path through the flux-system secret", () => {
        assert.deepStrictEqual(spec.sync, {
            kind: "GitRepository",
            url: args.repoUrl,
            ref: "refs/heads/main",
            path: "clusters/dev",
            pullSecret: "flux-system",
        });
    });

    it("patches the root Kustomization to decrypt SOPS files, without a secretRef (Pod Identity)", () => {
        assert.deepStrictEqual(spec.kustomize.patches, [
            {
                target: { kind: "Kustomization", name: "flux-system" },
                patch: "- op: add\n  path: /spec/decryption\n  value:\n    provider: sops\n",
            },
        ]);
    });

    it("pins the operator chart to an exact version", () => assert.match(FLUX_OPERATOR_CHART_VERSION, SEMVER));
});

describe("gitops: repository URL and known_hosts", () => {
    it("parses ssh://git@host[:port]/org/repo(.git)", () => {
        assert.deepStrictEqual(parseGitSshUrl("ssh://git@github.com/example-org/platform-config.git"), {
            host: "github.com",
            port: undefined,
            owner: "example-org",
            repo: "platform-config",
        });
        assert.deepStrictEqual(parseGitSshUrl("ssh://git@Git.Example.com:2222/team/config"), {
            host: "git.example.com",
            port: 2222,
            owner: "team",
            repo: "config",
        });
        assert.deepStrictEqual(parseGitSshUrl("ssh://git@gitlab.example.com/group/sub/config.git"), {
            host: "gitlab.example.com",
            port: undefined,
            owner: "group/sub",
            repo: "config",
        });
        assert.deepStrictEqual(parseGitSshUrl("ssh://git@github.com:22/o/r"), {
            host: "github.com",
            port: undefined,
            owner: "o",
            repo: "r",
        });
    });

    const bad: [string, string][] = [
        ["git@github.com:example-org/platform-config.git", "scp-style"],
        ["https://github.com/example-org/platform-config.git", "https"],
        ["ssh://github.com/example-org/platform-config.git", "no git@ user"],
        ["ssh://git@github.com/platform-config.git", "no org"],
    ];
    for (const [url, why] of bad) {
        it(`rejects ${why}`, () =>
            assert.throws(() => parseGitSshUrl(url), {
                message: `platform:gitops.repoUrl: "${url}" is not of the form ssh://git@host/org/repo. Use ssh://git@github.com/<org>/<repo>.git.`,
            }));
    }

    it("pins GitHub's published keys, whose fingerprints match docs.github.com", () => {
        const fingerprints = GITHUB_KNOWN_HOSTS.trim()
            .split("\n")
            .map((line) => {
                const [host, type, key] = line.split(" ");
                return `${host} ${type} SHA256:${createHash("sha256").update(Buffer.from(key, "base64")).digest("base64").replace(/=+$/, "")}`;
            });
        assert.deepStrictEqual(fingerprints, [
            "github.com ssh-ed25519 SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU",
            "github.com ecdsa-sha2-nistp256 SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM",
            "github.com ssh-rsa SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
        ]);
    });

    it("uses GitHub's keys for github.com, configured lines otherwise", () => {
        assert.strictEqual(knownHostsFor("ssh://git@github.com/o/r.git"), GITHUB_KNOWN_HOSTS);
        assert.strictEqual(knownHostsFor("ssh://git@github.com/o/r.git", "  "), GITHUB_KNOWN_HOSTS);
        assert.strictEqual(
            knownHostsFor("ssh://git@git.example.com/o/r", "git.example.com ssh-ed25519 AAAA\n\n"),
            "git.example.com ssh-ed25519 AAAA\n",
        );
    });

    it("refuses another host, or GitHub on another port, without configured lines", () => {
        assert.throws(() => knownHostsFor("ssh://git@git.example.com:2222/o/r"), {
            message:
                'platform:gitops.knownHosts: required because gitops.repoUrl\'s host "[git.example.com]:2222" is not github.com, the only host whose keys are built in. ' +
                "Set it to the host's known_hosts lines (ssh-keyscan -p 2222 git.example.com, checked against the host's published fingerprints).",
        });
        assert.throws(() => knownHostsFor("ssh://git@github.com:443/o/r"), /host "\[github.com\]:443" is not github.com/);
    });
});

describe("gitops: sopsCreationRules", () => {
    it("encrypts only Secret data under the environment's path with its key", () => {
        assert.strictEqual(
            sopsCreationRules("./clusters/prod.eu/", "arn:aws:kms:eu-west-1:000000000000:key/k"),
            [
                "creation_rules:",
                "  - path_regex: clusters/prod\\.eu/.*\\.ya?ml$",
                "    encrypted_regex: ^(data|stringData)$",
                "    kms: arn:aws:kms:eu-west-1:000000000000:key/k",
                "",
            ].join("\n"),
        );
        const regex = /clusters\/prod\.eu\/.*\.ya?ml$/;
        assert.ok(regex.test("clusters/prod.eu/apps/secret.yaml"));
        assert.ok(!regex.test("clusters/prodXeu/apps/secret.yaml"));
    });
});
