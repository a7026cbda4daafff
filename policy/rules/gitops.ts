import * as k8s from "@pulumi/kubernetes";
import * as tls from "@pulumi/tls";
import type { PolicyResource, PropsOf, Rule, StackView, Violation } from "../types";
import { asArray, violation } from "../view";

// Tokens without a class here: the FluxInstance is a custom resource of the Flux Operator's CRD (no SDK), and
// @pulumi/github is not a dependency. Their props are typed below by the fields K10 reads.
const FLUX_INSTANCE = "kubernetes:fluxcd.controlplane.io/v1:FluxInstance";
/** @pulumi/github's deploy key, should the program ever register the key itself. */
const GITHUB_DEPLOY_KEY = "github:index/repositoryDeployKey:RepositoryDeployKey";

/** The fields of a FluxInstance K10 reads (fluxcd.controlplane.io/v1; the rest of the spec is not checked). */
interface FluxInstanceProps {
    metadata?: { namespace?: string };
    spec?: { components?: string[]; sync?: { kind?: string; url?: string; pullSecret?: string } };
}
type Secret = PolicyResource<PropsOf<typeof k8s.core.v1.Secret>>;
const SSH_REPO_URL = /^ssh:\/\/git@([a-z0-9.-]+)(?::(\d+))?(?:\/[^\s/]+){2,}\/?$/i;
const OPENSSH_PRIVATE_KEY = /^-----BEGIN OPENSSH PRIVATE KEY-----/;

/** A Secret's value from stringData, or decoded from data (base64). */
function secretValue(secret: Secret, key: string): string | undefined {
    const plain = secret.props.stringData?.[key];
    if (typeof plain === "string") return plain;
    const encoded = secret.props.data?.[key];
    return typeof encoded === "string" ? Buffer.from(encoded, "base64").toString("utf8") : undefined;
}

/** Does a known_hosts text carry a key for `host` (or `[host]:port`)? Hashed entries (|1|...) cannot be read: trusted. */
function coversHost(knownHosts: string, host: string, port?: string): boolean {
    const wanted = port && port !== "22" ? `[${host}]:${port}` : host;
    return knownHosts
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#"))
        .some((line) => {
            const [hosts, type, key] = line.split(/\s+/);
            if (!type || !key) return false;
            return hosts.startsWith("|1|") || hosts.toLowerCase().split(",").includes(wanted.toLowerCase());
        });
}

/** A generated key counts when the program declares it next to the Secret (same parent component). */
function generatedKeyProblems(stack: StackView, secret: Secret): string[] {
    const keys = stack.ofClass(tls.PrivateKey).filter((k) => k.parent !== undefined && k.parent === secret.parent);
    if (keys.length === 0)
        return [
            "its identity does not come from a tls.PrivateKey declared next to it; let the program generate the deploy key instead of pasting one into config.",
        ];
    const weak = keys.filter((k) => k.props.algorithm === "RSA" && Number(k.props.rsaBits ?? 2048) < 4096);
    return weak.length > 0 ? ["its generated key is RSA shorter than 4096 bits; use algorithm ED25519."] : [];
}

function checkInstance(stack: StackView, instance: PolicyResource<FluxInstanceProps>): Violation[] {
    const sync = instance.props.spec?.sync;
    if (sync?.kind !== "GitRepository") return [];
    const out: Violation[] = [];
    const url = String(sync.url ?? "");
    const match = SSH_REPO_URL.exec(url);
    if (!match)
        out.push(
            violation(
                "K10",
                instance,
                `sync url "${url}" is not of the form ssh://git@host/org/repo; Flux authenticates with the deploy key over SSH.`,
            ),
        );
    if (!sync.pullSecret) {
        out.push(violation("K10", instance, "sync has no pullSecret: the repository is read without the program's deploy key."));
        return out;
    }
    const namespace = instance.props.metadata?.namespace;
    const secret = stack
        .ofClass(k8s.core.v1.Secret)
        .find((s) => s.props.metadata?.name === sync.pullSecret && (namespace === undefined || s.props.metadata?.namespace === namespace));
    if (!secret) {
        out.push(
            violation(
                "K10",
                instance,
                `pullSecret "${sync.pullSecret}" is not declared by this program, so its deploy key is not one the program generated.`,
            ),
        );
        return out;
    }
    const identity = secretValue(secret, "identity");
    if (!identity || !OPENSSH_PRIVATE_KEY.test(identity.trim())) {
        out.push(violation("K10", secret, "has no identity holding an OpenSSH private key (tls.PrivateKey privateKeyOpenssh)."));
    } else {
        for (const p of generatedKeyProblems(stack, secret)) out.push(violation("K10", secret, p));
    }
    const knownHosts = secretValue(secret, "known_hosts") ?? "";
    if (knownHosts.trim() === "") {
        out.push(
            violation(
                "K10",
                secret,
                "has no known_hosts: Flux would trust whatever host key it is shown. Pin the Git host's published keys.",
            ),
        );
    } else if (match && !coversHost(knownHosts, match[1], match[2])) {
        out.push(violation("K10", secret, `known_hosts has no key for ${match[1]}, the host of the sync url.`));
    }
    return out;
}

/** Rules of the gitops layer (K10 in docs/policy.md). */
export const gitopsRules: Rule[] = [
    {
        id: "K10",
        name: "k10-flux-deploy-key",
        description:
            "Flux deploy key generated by the program, read-only unless image automation writes back; known_hosts pinned; repo URL of the form ssh://git@host/org/repo.",
        enforcement: "mandatory",
        check(stack) {
            // Unchecked shape: a custom resource's props are whatever its manifest says; every field is tested before use.
            const instances = stack.ofType(FLUX_INSTANCE) as PolicyResource<FluxInstanceProps>[];
            const out = instances.flatMap((i) => checkInstance(stack, i));
            // Read-write only when something writes back: the image automation controller.
            const writesBack = instances.some((i) => asArray(i.props.spec?.components).includes("image-automation-controller"));
            for (const key of stack.ofType(GITHUB_DEPLOY_KEY)) {
                if (key.props.readOnly === false && !writesBack) {
                    out.push(violation("K10", key, "is read-write but no image-automation-controller writes back; register it read-only."));
                }
            }
            return out;
        },
    },
];
