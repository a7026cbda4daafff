import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import * as github from "@pulumi/github";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Flux, githubDeployKeyOptions, githubRegistration } from "../components/gitops";
import { gitopsRules } from "../policy/rules/gitops";
import { checkPolicies } from "../offline/engine/policy";
import { runComponent, stackRegistryWithSecrets } from "../offline/engine/program";
import { type Registry, isSecretInput } from "../offline/engine/registry";

const DEPLOY_KEY = "github:index/repositoryDeployKey:RepositoryDeployKey";
const gitops = {
    repoUrl: "ssh://git@github.com/example-org/platform-config.git",
    branch: "main",
    path: "clusters/test",
    imageAutomationWriteBack: true,
};
const fluxArgs = {
    clusterName: "platform-test",
    namespace: "flux-system",
    gitops,
    keyAliasPrefix: "platform-test",
    protect: true,
    keyDeletionWindowInDays: 7,
};

/** Runs Flux as index.ts wires it, with or without a GitHub token. */
function runFlux(writeBack: boolean, withToken: boolean): Promise<Registry> {
    return runComponent(() => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        const awsProvider = new aws.Provider("aws-explicit", { region: "us-east-1" });
        const ns = new k8s.core.v1.Namespace("flux-system", { metadata: { name: "flux-system" } }, { provider });
        const config = { ...gitops, imageAutomationWriteBack: writeBack };
        const flux = new Flux(
            "flux",
            {
                ...fluxArgs,
                gitops: config,
                github: githubRegistration(withToken ? pulumi.secret("ghp_mocktoken0123456789") : undefined, config),
            },
            { providers: { aws: awsProvider, kubernetes: provider }, dependsOn: [ns] },
        );
        return { deployKeyRepository: flux.deployKeyRepository, deployKeyReadOnly: flux.deployKeyReadOnly };
    });
}

describe("gitops: deploy key registered on GitHub", () => {
    let write: Registry;
    let readOnly: Registry;
    let manual: Registry;
    before(async () => {
        write = await runFlux(true, true);
        readOnly = await runFlux(false, true);
        manual = await runFlux(true, false);
    });

    it("registers the generated public key on the config repository, read-write when image automation writes back", () => {
        const key = write.one(DEPLOY_KEY);
        const tlsKey = write.one("tls:index/privateKey:PrivateKey");
        assert.strictEqual(key.inputs.repository, "platform-config");
        assert.strictEqual(key.inputs.key, String(tlsKey.outputs.publicKeyOpenssh).trim());
        assert.strictEqual(key.inputs.readOnly, false);
        assert.strictEqual(key.inputs.title, "flux platform-test");
        assert.strictEqual(key.parent, "platform:gitops:Flux::flux");
        assert.deepStrictEqual(write.outputs.deployKeyRepository, { value: "example-org/platform-config", secret: false });
    });

    it("registers it read-only when image automation does not write back (K10)", () => {
        assert.strictEqual(readOnly.one(DEPLOY_KEY).inputs.readOnly, true);
        assert.deepStrictEqual(readOnly.outputs.deployKeyReadOnly, { value: true, secret: false });
        const results = checkPolicies(readOnly, { rules: gitopsRules });
        assert.deepStrictEqual(
            results.flatMap((r) => r.violations),
            [],
        );
    });

    it("uses an explicit GitHub provider for the repository's owner, with the token secret", () => {
        const provider = write.one("pulumi:providers:github");
        assert.strictEqual(provider.name, "flux-github");
        assert.strictEqual(provider.inputs.owner, "example-org");
        assert.ok(isSecretInput(provider, "token"), "the token is secret in the provider's inputs");
        assert.strictEqual(write.one(DEPLOY_KEY).provider, "flux-github");
    });

    it("starts the FluxInstance only once the key is on GitHub, so the first sync succeeds", () => {
        const instance = write.one("kubernetes:fluxcd.controlplane.io/v1:FluxInstance");
        assert.ok(instance.dependsOn.includes(`${DEPLOY_KEY}::flux-github-deploy-key`), instance.dependsOn.join(", "));
    });

    it("declares nothing GitHub-side without a token, and the manual outputs stay", () => {
        assert.deepStrictEqual(
            manual.resources.filter((r) => r.type.startsWith("github:") || r.type === "pulumi:providers:github"),
            [],
        );
        assert.deepStrictEqual(manual.outputs.deployKeyRepository, { value: undefined, secret: false });
        assert.strictEqual(manual.one("tls:index/privateKey:PrivateKey").inputs.algorithm, "ED25519");
    });

    it("replaces the GitHub key, unprotected and delete-before-create (GitHub refuses a public key already registered), whenever the key or its access changes", () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "p");
        const provider = new github.Provider("gh", {});
        const opts = githubDeployKeyOptions(parent, provider);
        assert.deepStrictEqual(opts.replaceOnChanges, ["key", "readOnly", "repository", "title"]);
        assert.strictEqual(opts.deleteBeforeReplace, true);
        assert.strictEqual(opts.protect, undefined);
        assert.strictEqual(opts.provider, provider);
        // A rotated tls key is a new public key: the key input of the GitHub key changes with it.
        assert.strictEqual(
            write.one(DEPLOY_KEY).inputs.key,
            String(write.one("tls:index/privateKey:PrivateKey").outputs.publicKeyOpenssh).trim(),
        );
    });

    const cases: [string, { repoUrl: string; githubRepository?: string }, string | undefined][] = [
        ["a github.com URL", { repoUrl: "ssh://git@github.com/acme/config.git" }, "acme/config"],
        ["a github.com URL without .git", { repoUrl: "ssh://git@github.com/acme/config" }, "acme/config"],
        [
            "githubRepository over the URL",
            { repoUrl: "ssh://git@git.example.com/acme/config.git", githubRepository: "acme/mirror" },
            "acme/mirror",
        ],
        ["another host without githubRepository", { repoUrl: "ssh://git@git.example.com/acme/config.git" }, undefined],
        ["github.com on another port", { repoUrl: "ssh://git@github.com:2222/acme/config.git" }, undefined],
    ];
    for (const [what, config, expected] of cases) {
        it(`finds the repository from ${what}`, () => {
            assert.strictEqual(githubRegistration("token", config)?.repository, expected);
        });
    }

    it("registers nothing without a token, whatever the repository", () => {
        assert.strictEqual(
            githubRegistration(undefined, { repoUrl: "ssh://git@github.com/acme/config.git", githubRepository: "acme/config" }),
            undefined,
        );
    });
});

describe("gitops: index.ts registers the deploy key when platform:githubToken is set", () => {
    let reg: Registry;
    before(async () => {
        reg = await stackRegistryWithSecrets("dev", { "platform:githubToken": "ghp_mocktoken0123456789" });
    });

    it("on the repoUrl's repository, with the stack's token (secret) through the explicit provider", () => {
        const provider = reg.one("pulumi:providers:github");
        assert.strictEqual(provider.inputs.owner, "example-org");
        assert.strictEqual(provider.inputs.token, "ghp_mocktoken0123456789");
        assert.ok(isSecretInput(provider, "token"));
        const key = reg.one(DEPLOY_KEY);
        assert.strictEqual(key.inputs.repository, "platform-config");
        assert.strictEqual(key.provider, provider.name);
        assert.strictEqual(key.inputs.readOnly, false, "dev writes image tags back");
        assert.deepStrictEqual(reg.outputs.fluxDeployKeyRepository, { value: "example-org/platform-config", secret: false });
    });
});
