import * as assert from "node:assert";
import { runRules } from "../policy/run";
import { gitopsRules } from "../policy/rules/gitops";
import type { PolicyResource } from "../policy/types";
import { res } from "../offline/engine/policy";

const PARENT = "platform:gitops:Flux::flux";
const URL = "ssh://git@github.com/example-org/platform-config.git";
const IDENTITY = "-----BEGIN OPENSSH PRIVATE KEY-----\nmock\n-----END OPENSSH PRIVATE KEY-----\n";
const KNOWN_HOSTS = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";

const instance = (sync: Record<string, any> = {}, components = ["source-controller", "kustomize-controller"]) =>
    res(
        "kubernetes:fluxcd.controlplane.io/v1:FluxInstance",
        "flux-instance",
        {
            metadata: { name: "flux", namespace: "flux-system" },
            spec: {
                components,
                sync: { kind: "GitRepository", url: URL, ref: "refs/heads/main", path: "clusters/dev", pullSecret: "flux-system", ...sync },
            },
        },
        { parent: PARENT },
    );
const secret = (stringData: Record<string, string>, parent = PARENT) =>
    res(
        "kubernetes:core/v1:Secret",
        "flux-deploy-key",
        { metadata: { name: "flux-system", namespace: "flux-system" }, stringData },
        { parent },
    );
const key = (props: Record<string, any> = { algorithm: "ED25519" }, parent = PARENT) =>
    res("tls:index/privateKey:PrivateKey", "flux-deploy-key", props, { parent });
const good = { identity: IDENTITY, "identity.pub": "ssh-ed25519 AAAA", known_hosts: KNOWN_HOSTS };

const k10 = (resources: PolicyResource[]) => runRules(resources, { rules: gitopsRules })[0].violations.map((v) => `${v.urn}: ${v.message}`);
const INSTANCE = "kubernetes:fluxcd.controlplane.io/v1:FluxInstance::flux-instance";
const SECRET = "kubernetes:core/v1:Secret::flux-deploy-key";

describe("policy K10: Flux deploy key, known_hosts and repository URL", () => {
    it("passes a generated ed25519 key, pinned known_hosts and an ssh:// URL", () => {
        assert.deepStrictEqual(k10([instance(), secret(good), key()]), []);
    });

    it("passes base64 data as well as stringData, and hashed known_hosts entries", () => {
        const b64 = (s: string) => Buffer.from(s).toString("base64");
        const s = res(
            "kubernetes:core/v1:Secret",
            "flux-deploy-key",
            {
                metadata: { name: "flux-system", namespace: "flux-system" },
                data: { identity: b64(IDENTITY), known_hosts: b64("|1|abc=|def= ssh-ed25519 AAAA\n") },
            },
            { parent: PARENT },
        );
        assert.deepStrictEqual(k10([instance(), s, key()]), []);
    });

    it("ignores a stack without a FluxInstance", () => assert.deepStrictEqual(k10([secret({})]), []));

    const failing: [string, PolicyResource[], string[]][] = [
        [
            "an scp-style URL",
            [instance({ url: "git@github.com:example-org/platform-config.git" }), secret(good), key()],
            [
                `${INSTANCE}: sync url "git@github.com:example-org/platform-config.git" is not of the form ssh://git@host/org/repo; Flux authenticates with the deploy key over SSH.`,
            ],
        ],
        [
            "an https URL",
            [instance({ url: "https://github.com/example-org/platform-config.git" }), secret(good), key()],
            [
                `${INSTANCE}: sync url "https://github.com/example-org/platform-config.git" is not of the form ssh://git@host/org/repo; Flux authenticates with the deploy key over SSH.`,
            ],
        ],
        [
            "no pullSecret",
            [instance({ pullSecret: undefined }), secret(good), key()],
            [`${INSTANCE}: sync has no pullSecret: the repository is read without the program's deploy key.`],
        ],
        [
            "a pullSecret the program does not declare",
            [instance({ pullSecret: "pasted" }), secret(good), key()],
            [`${INSTANCE}: pullSecret "pasted" is not declared by this program, so its deploy key is not one the program generated.`],
        ],
        [
            "no identity",
            [instance(), secret({ known_hosts: KNOWN_HOSTS }), key()],
            [`${SECRET}: has no identity holding an OpenSSH private key (tls.PrivateKey privateKeyOpenssh).`],
        ],
        [
            "a key pasted into config (no tls.PrivateKey next to the Secret)",
            [instance(), secret(good), key(undefined, "platform:other:Thing::x")],
            [
                `${SECRET}: its identity does not come from a tls.PrivateKey declared next to it; let the program generate the deploy key instead of pasting one into config.`,
            ],
        ],
        [
            "a 2048-bit RSA key",
            [instance(), secret(good), key({ algorithm: "RSA", rsaBits: 2048 })],
            [`${SECRET}: its generated key is RSA shorter than 4096 bits; use algorithm ED25519.`],
        ],
        [
            "an empty known_hosts",
            [instance(), secret({ ...good, known_hosts: " \n" }), key()],
            [`${SECRET}: has no known_hosts: Flux would trust whatever host key it is shown. Pin the Git host's published keys.`],
        ],
        [
            "known_hosts for another host",
            [instance(), secret({ ...good, known_hosts: "gitlab.com ssh-ed25519 AAAA\n" }), key()],
            [`${SECRET}: known_hosts has no key for github.com, the host of the sync url.`],
        ],
        [
            "a read-write GitHub deploy key without image automation",
            [instance(), secret(good), key(), res("github:index/repositoryDeployKey:RepositoryDeployKey", "flux", { readOnly: false })],
            [
                "github:index/repositoryDeployKey:RepositoryDeployKey::flux: is read-write but no image-automation-controller writes back; register it read-only.",
            ],
        ],
    ];
    for (const [why, resources, expected] of failing) {
        it(`fails ${why}`, () => assert.deepStrictEqual(k10(resources), expected));
    }

    it("allows a read-write GitHub deploy key when image automation writes back", () => {
        const withAutomation = instance({}, ["source-controller", "image-automation-controller"]);
        assert.deepStrictEqual(
            k10([
                withAutomation,
                secret(good),
                key(),
                res("github:index/repositoryDeployKey:RepositoryDeployKey", "flux", { readOnly: false }),
            ]),
            [],
        );
    });
});
