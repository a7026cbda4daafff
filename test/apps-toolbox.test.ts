import * as assert from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    E7_EXCEPTION,
    K5_EXCEPTION,
    KCAT_IMAGE,
    STOREFRONT_SECRET_NAME,
    StorefrontSecrets,
    TOOLBOX_IMAGES,
    type ToolboxArgs,
    optionalToolbox,
} from "../components/apps";
import { tenancyRules } from "../policy/rules/tenancy";
import { K5_EXCEPTION as RULE_K5_EXCEPTION, isPinnedImage, workloadsRules } from "../policy/rules/workloads";
import { invalidObjects, plainInputs } from "../offline/k8s/declared";
import { checkPolicies } from "../offline/engine/policy";
import { runComponent } from "../offline/engine/program";
import { type Registry, isSecretInput } from "../offline/engine/registry";

const plain = plainInputs;
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

const args: ToolboxArgs = {
    namespace: "test",
    developerGroup: "platform-developers",
    endpoints: {
        HYDRA_ADMIN_URL: pulumi.output("http://hydra-admin.dev.svc.cluster.local:4445"),
        KAFKA_BOOTSTRAP: "b-1.mock.invalid:9098",
    },
    egressCidrs: ["10.20.0.0/16"],
};

function run(enabled: boolean, overrides: Partial<ToolboxArgs> = {}): Promise<Registry> {
    return runComponent(() => {
        const provider = new k8s.Provider("test-k8s", {});
        optionalToolbox(enabled, "toolbox", { ...args, ...overrides }, { provider });
    });
}

describe("apps: Toolbox", () => {
    let reg: Registry;
    before(async () => {
        reg = await run(true);
    });

    it("is declared only when enabled", async () => {
        assert.strictEqual(reg.ofType("platform:apps:Toolbox").length, 1);
        const off = await run(false);
        assert.deepStrictEqual(
            off.resources.filter((r) => r.type.startsWith("kubernetes:") || r.type.startsWith("platform:")).map((r) => r.key),
            [],
        );
    });

    it("puts every object in its namespace, under the component, with the cluster's provider, valid against the schema", () => {
        const kube = reg.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.deepStrictEqual(kube.map((r) => r.type).sort(), [
            "kubernetes:apps/v1:Deployment",
            "kubernetes:core/v1:ConfigMap",
            "kubernetes:core/v1:ServiceAccount",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:rbac.authorization.k8s.io/v1:Role",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        ]);
        for (const r of kube) {
            assert.strictEqual(plain(r).metadata.namespace, "test", r.key);
            assert.strictEqual(r.parent, "platform:apps:Toolbox::toolbox", r.key);
            assert.strictEqual(r.provider, "test-k8s", r.key);
        }
        assert.deepStrictEqual(invalidObjects(reg), []);
    });

    it("copies the endpoints into a platform-endpoints ConfigMap that every container reads through envFrom", () => {
        const cm = plain(reg.one("kubernetes:core/v1:ConfigMap"));
        assert.strictEqual(cm.metadata.name, "platform-endpoints");
        assert.deepStrictEqual(cm.data, {
            HYDRA_ADMIN_URL: "http://hydra-admin.dev.svc.cluster.local:4445",
            KAFKA_BOOTSTRAP: "b-1.mock.invalid:9098",
        });
        for (const c of plain(reg.one(DEPLOYMENT)).spec.template.spec.containers) {
            assert.deepStrictEqual(c.envFrom, [{ configMapRef: { name: "platform-endpoints" } }], c.name);
        }
    });

    it("runs pinned client images that sleep, non-root, with limits and probes", () => {
        const d = plain(reg.one(DEPLOYMENT));
        assert.strictEqual(d.metadata.name, "toolbox");
        assert.strictEqual(d.spec.replicas, 1);
        const spec = d.spec.template.spec;
        assert.deepStrictEqual(
            spec.containers.map((c: any) => [c.name, c.image]),
            [
                ["shell", TOOLBOX_IMAGES.shell],
                ["psql", TOOLBOX_IMAGES.psql],
            ],
        );
        for (const c of spec.containers) {
            assert.ok(isPinnedImage(c.image), c.image);
            assert.strictEqual(c.command[0], "/bin/sh");
            assert.match(c.command[2], /sleep/);
            assert.strictEqual(c.securityContext.runAsNonRoot, true);
            assert.strictEqual(c.securityContext.readOnlyRootFilesystem, true);
            assert.ok(c.livenessProbe.exec && c.readinessProbe.exec);
            assert.ok(c.resources.limits.memory && c.resources.requests.cpu);
        }
        assert.strictEqual(spec.automountServiceAccountToken, false);
        assert.strictEqual(d.metadata.annotations[K5_EXCEPTION].length > 0, true);
    });

    it("adds a kcat container only when its image is given", async () => {
        const withKcat = await run(true, { images: { kcat: KCAT_IMAGE } });
        const names = plain(withKcat.one(DEPLOYMENT)).spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`);
        assert.deepStrictEqual(names, [`shell=${TOOLBOX_IMAGES.shell}`, `psql=${TOOLBOX_IMAGES.psql}`, `kcat=${KCAT_IMAGE}`]);
    });

    it("lets the developer group list pods and exec in its namespace only, through a Role", () => {
        assert.strictEqual(reg.resources.filter((r) => /ClusterRole/.test(r.type)).length, 0);
        const role = plain(reg.one("kubernetes:rbac.authorization.k8s.io/v1:Role"));
        assert.ok(role.metadata.annotations[E7_EXCEPTION].length > 0);
        assert.deepStrictEqual(role.rules, [
            { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
            { apiGroups: [""], resources: ["pods/exec"], verbs: ["create", "get"] },
            { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["toolbox"], verbs: ["get"] },
        ]);
        const binding = plain(reg.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"));
        assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "toolbox-exec" });
        assert.deepStrictEqual(binding.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "platform-developers" }]);
    });

    it("denies ingress and allows egress to DNS and the given CIDRs only", () => {
        const spec = plain(reg.one("kubernetes:networking.k8s.io/v1:NetworkPolicy")).spec;
        assert.deepStrictEqual(spec.policyTypes, ["Ingress", "Egress"]);
        assert.deepStrictEqual(spec.ingress, []);
        assert.deepStrictEqual(spec.egress[0], { to: [{ ipBlock: { cidr: "10.20.0.0/16" } }] });
        assert.deepStrictEqual(
            spec.egress[1].ports.map((p: any) => p.port),
            [53, 53],
        );
    });

    it("passes the workload and tenancy rules at prod through its K5 exception, which the rule honours", () => {
        assert.strictEqual(K5_EXCEPTION, RULE_K5_EXCEPTION);
        assert.deepStrictEqual(
            checkPolicies(reg, { tier: "prod", rules: workloadsRules.concat(tenancyRules) }).flatMap((r) => r.violations),
            [],
        );
    });

    it("rejects endpoint names that cannot be env vars", async () => {
        await assert.rejects(
            run(true, { endpoints: { "kafka-bootstrap": "x" } }),
            /Toolbox toolbox: endpoint names must be env-var names \(\[A-Za-z_\]\[A-Za-z0-9_\]\*\), got kafka-bootstrap\./,
        );
    });
});

describe("apps: StorefrontSecrets", () => {
    it("puts both Atlas URLs, secret, in storefront-mongo in the environment namespace", async () => {
        const reg = await runComponent(() => {
            const provider = new k8s.Provider("test-k8s", {});
            new StorefrontSecrets(
                "storefront",
                {
                    namespace: "dev",
                    mongoUrl: "mongodb+srv://u:p@cluster0.invalid/storefront",
                    mongoOplogUrl: "mongodb+srv://u:p@cluster0.invalid/local",
                },
                { provider },
            );
        });
        const secret = reg.one("kubernetes:core/v1:Secret");
        assert.strictEqual(secret.parent, "platform:apps:StorefrontSecrets::storefront");
        assert.strictEqual(secret.provider, "test-k8s");
        assert.deepStrictEqual(plain(secret).metadata.name, STOREFRONT_SECRET_NAME);
        assert.strictEqual(plain(secret).metadata.namespace, "dev");
        assert.deepStrictEqual(plain(secret).stringData, {
            MONGO_URL: "mongodb+srv://u:p@cluster0.invalid/storefront",
            MONGO_OPLOG_URL: "mongodb+srv://u:p@cluster0.invalid/local",
        });
        assert.ok(isSecretInput(secret, "stringData.MONGO_URL") && isSecretInput(secret, "stringData.MONGO_OPLOG_URL"));
        assert.deepStrictEqual(invalidObjects(reg), []);
    });
});
