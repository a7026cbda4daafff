import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { Flux, FLUX_COMPONENTS, FLUX_OPERATOR_CHART, FLUX_VERSION, GITHUB_KNOWN_HOSTS } from "../components/gitops";
import { gitopsRules } from "../policy/rules/gitops";
import { MOCK_ACCOUNT } from "../offline/engine/fakes";
import { checkPolicies } from "../offline/engine/policy";
import { runComponent } from "../offline/engine/program";
import { type Registry, isSecretInput } from "../offline/engine/registry";

/** The mocks hand secret inputs over in Pulumi's wire form; read through it (secretness is asserted separately). */

const SEMVER = /^\d+\.\d+\.\d+$/;
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
    protect: false,
    keyDeletionWindowInDays: 7,
};

describe("gitops: Flux", () => {
    let reg: Registry;
    before(async () => {
        reg = await runComponent(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            const awsProvider = new aws.Provider("aws-explicit", { region: "us-east-1" });
            const ns = new k8s.core.v1.Namespace("flux-system", { metadata: { name: "flux-system" } }, { provider });
            // As index.ts wires it: both providers on the component, the namespace (tenancy) first.
            const flux = new Flux("flux", fluxArgs, { providers: { aws: awsProvider, kubernetes: provider }, dependsOn: [ns] });
            return {
                deployKeyPublic: flux.deployKeyPublic,
                deployKeyReadOnly: flux.deployKeyReadOnly,
                sopsKmsKeyArn: flux.sopsKmsKeyArn,
                sopsConfig: flux.sopsConfig,
            };
        });
    });

    it("declares the operator chart, pinned, in the tenancy's namespace, after it", () => {
        const release = reg.one("kubernetes:helm.sh/v3:Release");
        assert.strictEqual(release.inputs.chart, FLUX_OPERATOR_CHART);
        assert.match(release.inputs.version, SEMVER);
        assert.strictEqual(release.inputs.namespace, "flux-system");
        assert.strictEqual(release.inputs.createNamespace, false);
        assert.deepStrictEqual(release.dependsOn, ["kubernetes:core/v1:Namespace::flux-system"]);
        assert.strictEqual(release.provider, "k8s");
        assert.strictEqual(release.parent, "platform:gitops:Flux::flux");
    });

    it("declares one FluxInstance with the pinned distribution, all six controllers and the config repository sync", () => {
        const instance = reg.one("kubernetes:fluxcd.controlplane.io/v1:FluxInstance");
        assert.strictEqual(instance.inputs.apiVersion, "fluxcd.controlplane.io/v1");
        assert.deepStrictEqual(
            { name: instance.inputs.metadata.name, namespace: instance.inputs.metadata.namespace },
            { name: "flux", namespace: "flux-system" },
        );
        assert.strictEqual(instance.inputs.metadata.annotations["pulumi.com/skipAwait"], "true");
        const spec = instance.inputs.spec;
        assert.deepStrictEqual(spec.distribution, { version: FLUX_VERSION, registry: "ghcr.io/fluxcd" });
        assert.match(spec.distribution.version, SEMVER);
        assert.deepStrictEqual(spec.components, [...FLUX_COMPONENTS]);
        assert.strictEqual(spec.components.length, 6);
        assert.strictEqual(spec.cluster.type, "aws");
        assert.deepStrictEqual(spec.sync, {
            kind: "GitRepository",
            url: gitops.repoUrl,
            ref: "refs/heads/main",
            path: "clusters/test",
            pullSecret: "flux-system",
        });
        assert.strictEqual(instance.provider, "k8s");
    });

    it("creates the FluxInstance after its CRD (operator), its pull secret and the kustomize-controller association", () => {
        const instance = reg.one("kubernetes:fluxcd.controlplane.io/v1:FluxInstance");
        assert.deepStrictEqual([...instance.dependsOn].sort(), [
            "kubernetes:core/v1:Secret::flux-deploy-key",
            "kubernetes:helm.sh/v3:Release::flux-operator",
            "platform:cluster:PodIdentityRole::flux-kustomize-controller",
        ]);
    });

    it("puts a generated ed25519 deploy key and GitHub's pinned host keys in the flux-system Secret, all secret", () => {
        const key = reg.one("tls:index/privateKey:PrivateKey");
        assert.strictEqual(key.inputs.algorithm, "ED25519");
        const secret = reg.one("kubernetes:core/v1:Secret");
        assert.deepStrictEqual(secret.inputs.metadata, { name: "flux-system", namespace: "flux-system" });
        const data = secret.inputs.stringData;
        assert.deepStrictEqual(Object.keys(data).sort(), ["identity", "identity.pub", "known_hosts"]);
        assert.match(data.identity, /^-----BEGIN OPENSSH PRIVATE KEY-----/);
        assert.strictEqual(data.identity, key.outputs.privateKeyOpenssh);
        assert.strictEqual(data["identity.pub"], key.outputs.publicKeyOpenssh);
        assert.strictEqual(data.known_hosts, GITHUB_KNOWN_HOSTS);
        for (const field of ["identity", "identity.pub", "known_hosts"]) assert.ok(isSecretInput(secret, `stringData.${field}`), field);
        assert.strictEqual(secret.parent, key.parent);
        assert.deepStrictEqual(secret.dependsOn, ["kubernetes:core/v1:Namespace::flux-system"]);
        assert.strictEqual(secret.provider, "k8s");
    });

    it("outputs the public key in the clear, read-write because image automation writes back", () => {
        const key = reg.one("tls:index/privateKey:PrivateKey");
        assert.deepStrictEqual(reg.outputs.deployKeyPublic, { value: key.outputs.publicKeyOpenssh, secret: false });
        assert.deepStrictEqual(reg.outputs.deployKeyReadOnly, { value: false, secret: false });
    });

    it("gives flux-system/kustomize-controller decrypt access to the environment's SOPS key and nothing else", () => {
        const alias = reg.one("aws:kms/alias:Alias");
        assert.strictEqual(alias.inputs.name, "alias/platform-test-sops");
        const keyArn = reg.one("aws:kms/key:Key", "flux-sops-key").outputs.arn;
        const association = reg.one("aws:eks/podIdentityAssociation:PodIdentityAssociation");
        assert.deepStrictEqual(
            { cluster: association.inputs.clusterName, namespace: association.inputs.namespace, sa: association.inputs.serviceAccount },
            { cluster: "platform-test", namespace: "flux-system", sa: "kustomize-controller" },
        );
        const policies = reg.ofType("aws:iam/rolePolicy:RolePolicy");
        assert.strictEqual(policies.length, 1);
        const statements = JSON.parse(policies[0].inputs.policy).Statement;
        assert.deepStrictEqual(statements, [
            { Sid: "SopsDecrypt", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: keyArn },
        ]);
        assert.strictEqual(reg.outputs.sopsKmsKeyArn.value, keyArn);
    });

    it("puts AWS children on the AWS provider and every Kubernetes object on the cluster's", () => {
        for (const r of reg.resources.filter((x) => x.custom && x.type.startsWith("aws:")))
            assert.strictEqual(r.provider, "aws-explicit", r.key);
        const k8sObjects = reg.resources.filter((x) => x.custom && x.type.startsWith("kubernetes:"));
        assert.strictEqual(k8sObjects.length, 4);
        for (const r of k8sObjects) assert.strictEqual(r.provider, "k8s", r.key);
    });

    it("outputs a .sops.yaml rule for the environment's path and key", () => {
        const arn = reg.outputs.sopsKmsKeyArn.value as string;
        assert.ok(arn.includes(MOCK_ACCOUNT));
        assert.strictEqual(
            reg.outputs.sopsConfig.value,
            `creation_rules:\n  - path_regex: clusters/test/.*\\.ya?ml$\n    encrypted_regex: ^(data|stringData)$\n    kms: ${arn}\n`,
        );
    });

    it("passes K10", () => {
        const results = checkPolicies(reg, { rules: gitopsRules });
        assert.deepStrictEqual(
            results.flatMap((r) => r.violations),
            [],
        );
    });

    it("refuses a non-GitHub host without known_hosts before declaring anything", () => {
        const args = { ...fluxArgs, gitops: { ...gitops, repoUrl: "ssh://git@git.example.com/org/config.git" } };
        assert.throws(() => new Flux("bad", args), {
            message:
                'platform:gitops.knownHosts: required because gitops.repoUrl\'s host "git.example.com" is not github.com, the only host whose keys are built in. ' +
                "Set it to the host's known_hosts lines (ssh-keyscan -p 22 git.example.com, checked against the host's published fingerprints).",
        });
    });
});

describe("gitops: Flux with a read-only key and configured known_hosts", () => {
    it("uses the configured known_hosts and reports the key read-only", async () => {
        const knownHosts = "git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMockMockMock";
        const reg = await runComponent(() => {
            const flux = new Flux("ro", {
                ...fluxArgs,
                gitops: { ...gitops, repoUrl: "ssh://git@git.example.com/org/config", knownHosts, imageAutomationWriteBack: false },
            });
            return { readOnly: flux.deployKeyReadOnly };
        });
        assert.strictEqual(reg.one("kubernetes:core/v1:Secret").inputs.stringData.known_hosts, `${knownHosts}\n`);
        assert.strictEqual(reg.outputs.readOnly.value, true);
    });
});
