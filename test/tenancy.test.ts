import * as assert from "node:assert";
import { DEVELOPER_GROUP } from "../components/platform-names";
import { DEVELOPER_RULES, PROFILES, networkPoliciesFor } from "../components/tenancy";
import { TOKEN, runTenancy } from "./cluster-fixtures";
import { plainInputs } from "../offline/k8s/declared";
import { type RecordedResource, type Registry, isSecretInput } from "../offline/engine/registry";

const NS_TYPE = "kubernetes:core/v1:Namespace";
const NP_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const nsOf = (r: RecordedResource) => r.inputs.metadata.namespace;

describe("tenancy: Tenancy", () => {
    let reg: Registry;
    before(async () => {
        reg = await runTenancy();
    });

    it("creates the app, platform and toolbox namespaces with Pod Security labels", () => {
        const labels = Object.fromEntries(
            reg.ofType(NS_TYPE).map((n) => [n.inputs.metadata.name, n.inputs.metadata.labels["pod-security.kubernetes.io/enforce"]]),
        );
        assert.deepStrictEqual(labels, {
            dev: "baseline",
            logging: "privileged",
            monitoring: "privileged",
            observability: "restricted",
            "flux-system": "restricted",
            "kube-ingress": "baseline",
            test: "baseline",
        });
        for (const n of reg.ofType(NS_TYPE)) {
            assert.strictEqual(n.inputs.metadata.labels["pod-security.kubernetes.io/warn"], "restricted");
            assert.strictEqual(n.parent, "platform:tenancy:Tenancy::t-tenancy");
        }
        for (const p of Object.values(PROFILES))
            assert.ok(p.enforce === "restricted" || (p.exception ?? "").length > 20, `${p.role} documents its exception`);
        assert.deepStrictEqual(Object.keys(reg.outputs.namespaces.value as object).sort(), [
            "app",
            "fluxSystem",
            "ingress",
            "logging",
            "monitoring",
            "observability",
            "toolbox",
        ]);
    });

    it("leaves the test namespace out when the toolbox is off", async () => {
        const noToolbox = await runTenancy({ toolboxNamespace: false });
        assert.ok(!noToolbox.ofType(NS_TYPE).some((n) => n.inputs.metadata.name === "test"));
        assert.strictEqual((noToolbox.outputs.namespaces.value as Record<string, string>).toolbox, undefined);
    });

    it("puts a secret docker-hub pull secret in each configured namespace and has the default service account use it", () => {
        const secrets = reg.ofType("kubernetes:core/v1:Secret");
        assert.deepStrictEqual(secrets.map(nsOf).sort(), ["default", "dev", "flux-system", "logging", "monitoring"]);
        for (const s of secrets) {
            assert.strictEqual(s.inputs.metadata.name, "docker-hub");
            assert.strictEqual(s.inputs.type, "kubernetes.io/dockerconfigjson");
            assert.ok(isSecretInput(s, "stringData..dockerconfigjson"), `${s.name} holds the token as a secret`);
            const auth = JSON.parse(plainInputs(s).stringData[".dockerconfigjson"]).auths["https://index.docker.io/v1/"];
            assert.deepStrictEqual(auth, {
                username: "exampleorg",
                password: TOKEN,
                auth: Buffer.from(`exampleorg:${TOKEN}`).toString("base64"),
            });
        }
        const patches = reg.ofType("kubernetes:core/v1:ServiceAccountPatch");
        for (const ns of ["default", "dev", "flux-system", "logging", "monitoring"]) {
            const p = patches.find((x) => nsOf(x) === ns)!;
            assert.deepStrictEqual(
                [p.inputs.metadata.name, p.inputs.imagePullSecrets, p.inputs.automountServiceAccountToken],
                ["default", [{ name: "docker-hub" }], false],
            );
        }
        const withoutSecret = patches.find((x) => nsOf(x) === "kube-ingress")!;
        assert.deepStrictEqual(
            [withoutSecret.inputs.imagePullSecrets, withoutSecret.inputs.automountServiceAccountToken],
            [undefined, false],
        );
    });

    it("grants the developer group read-only access in each developer namespace, and nothing cluster-wide", () => {
        const roles = reg.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role");
        const bindings = reg.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
        assert.deepStrictEqual(roles.map(nsOf).sort(), ["default", "dev", "monitoring"]);
        assert.deepStrictEqual(bindings.map(nsOf).sort(), ["default", "dev", "monitoring"]);
        for (const b of bindings) {
            assert.strictEqual(b.inputs.metadata.name, "k8s-developer-rolebinding");
            assert.deepStrictEqual(b.inputs.subjects, [{ kind: "Group", name: DEVELOPER_GROUP, apiGroup: "rbac.authorization.k8s.io" }]);
            assert.deepStrictEqual(b.inputs.roleRef, { kind: "Role", name: "k8s-developer-role", apiGroup: "rbac.authorization.k8s.io" });
        }
        for (const r of roles) {
            assert.strictEqual(r.inputs.metadata.name, "k8s-developer-role");
            const flat = r.inputs.rules.flatMap((rule: any) => [...rule.apiGroups, ...rule.resources, ...rule.verbs]);
            for (const banned of ["*", "secrets", "pods/exec", "pods/attach", "escalate", "bind", "impersonate"])
                assert.ok(!flat.includes(banned), `${r.name}: ${banned}`);
            const granted = r.inputs.rules.flatMap((rule: any) => rule.resources.map((res: string) => `${res}:${rule.verbs.join(",")}`));
            for (const needed of [
                "pods:get,list,watch",
                "pods/log:get,list,watch",
                "deployments:get,list,watch",
                "cronjobs:get,list,watch",
                "ingresses:get,list,watch",
                "events:get,list,watch",
                "pods/portforward:create",
            ]) {
                assert.ok(granted.includes(needed), needed);
            }
        }
        assert.strictEqual(DEVELOPER_RULES.length, r0(reg).inputs.rules.length);
        assert.deepStrictEqual(reg.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"), []);
        assert.deepStrictEqual(reg.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"), []);
    });

    it("denies all traffic by default in every namespace it creates, then allows DNS", () => {
        const policies = reg.ofType(NP_TYPE);
        for (const n of reg.ofType(NS_TYPE)) {
            const mine = policies.filter((p) => nsOf(p) === n.inputs.metadata.name);
            const deny = mine.find((p) => p.inputs.metadata.name === "default-deny");
            assert.deepStrictEqual(deny?.inputs.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, n.inputs.metadata.name);
            const dns = mine.find((p) => p.inputs.metadata.name === "allow-dns")!;
            assert.deepStrictEqual(dns.inputs.spec.egress[0].ports, [
                { protocol: "UDP", port: 53 },
                { protocol: "TCP", port: 53 },
            ]);
        }
        assert.ok(!policies.some((p) => ["default", "kube-system"].includes(nsOf(p))), "no policies in namespaces we do not own");
    });

    it("allows what each namespace's workloads need, and no more", () => {
        const names = (ns: string) =>
            reg
                .ofType(NP_TYPE)
                .filter((p) => nsOf(p) === ns)
                .map((p) => p.inputs.metadata.name)
                .sort();
        const common = ["allow-dns", "allow-https-egress", "allow-same-namespace", "default-deny"];
        assert.deepStrictEqual(
            names("dev"),
            [...common, "allow-from-ingress", "allow-otlp-egress", "allow-prometheus-scrape", "allow-vpc-egress"].sort(),
        );
        assert.deepStrictEqual(
            names("kube-ingress"),
            [...common, "allow-from-load-balancer", "allow-prometheus-scrape", "allow-to-backends"].sort(),
        );
        assert.deepStrictEqual(
            names("monitoring"),
            [...common, "allow-flux-alerts", "allow-from-ingress", "allow-pod-identity", "allow-scrape-egress", "allow-webhooks"].sort(),
        );
        assert.deepStrictEqual(
            names("flux-system"),
            [...common, "allow-alerts-to-alertmanager", "allow-git-ssh", "allow-pod-identity", "allow-prometheus-scrape"].sort(),
        );
        assert.deepStrictEqual(names("logging"), [...common, "allow-pod-identity", "allow-prometheus-scrape"].sort());
        const vpc = reg.ofType(NP_TYPE).find((p) => nsOf(p) === "dev" && p.inputs.metadata.name === "allow-vpc-egress")!;
        assert.deepStrictEqual(vpc.inputs.spec.egress, [{ to: [{ ipBlock: { cidr: "10.10.0.0/16" } }] }]);
        const https = reg.ofType(NP_TYPE).find((p) => nsOf(p) === "dev" && p.inputs.metadata.name === "allow-https-egress")!;
        assert.deepStrictEqual(https.inputs.spec.egress, [
            { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] },
        ]);
        const fromIngress = reg.ofType(NP_TYPE).find((p) => nsOf(p) === "dev" && p.inputs.metadata.name === "allow-from-ingress")!;
        assert.deepStrictEqual(fromIngress.inputs.spec.ingress, [
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-ingress" } } }] },
        ]);
        // Pods that bring their own port-scoped policy (Hydra's admin port) are not opened by the namespace-wide allow.
        assert.deepStrictEqual(fromIngress.inputs.spec.podSelector, {
            matchExpressions: [{ key: "platform.io/own-ingress-policy", operator: "DoesNotExist" }],
        });
        // Flux's notification-controller, and nothing else, reaches Alertmanager's pods on 9093, and only those.
        const policy = (ns: string, name: string) =>
            reg.ofType(NP_TYPE).find((p) => nsOf(p) === ns && p.inputs.metadata.name === name)!.inputs.spec;
        const notifier = {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "flux-system" } },
            podSelector: { matchLabels: { app: "notification-controller" } },
        };
        const alertmanager = {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "alertmanager", alertmanager: "kube-prometheus-stack-alertmanager" } },
        };
        assert.deepStrictEqual(policy("flux-system", "allow-alerts-to-alertmanager"), {
            podSelector: notifier.podSelector,
            policyTypes: ["Egress"],
            egress: [{ to: [alertmanager], ports: [{ protocol: "TCP", port: 9093 }] }],
        });
        assert.deepStrictEqual(policy("monitoring", "allow-flux-alerts"), {
            podSelector: alertmanager.podSelector,
            policyTypes: ["Ingress"],
            ingress: [{ from: [notifier], ports: [{ protocol: "TCP", port: 9093 }] }],
        });
        // Only egress rules open 0.0.0.0/0, and only on 443 (and SSH for Flux).
        for (const p of networkPoliciesFor("app", { appNamespace: "dev", vpcCidr: "10.10.0.0/16" }))
            assert.ok(!JSON.stringify(p.spec.ingress ?? []).includes("0.0.0.0/0"), p.name);
    });

    it("publishes the platform endpoints to apps, leaving out the ones not given", () => {
        const cm = reg.one("kubernetes:core/v1:ConfigMap");
        assert.deepStrictEqual([cm.inputs.metadata.name, nsOf(cm)], ["platform-endpoints", "dev"]);
        assert.deepStrictEqual(cm.inputs.data, {
            KAFKA_BOOTSTRAP_BROKERS: "b-1.mock.invalid:9098",
            DATABASE_HOST: "db.mock.invalid",
            OTLP_ENDPOINT: "http://jaeger-collector.observability:4317",
        });
        assert.strictEqual(reg.outputs.endpointsConfigMapName.value, "platform-endpoints");
    });

    it("gives every Kubernetes object the cluster's provider", () => {
        const objects = reg.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(objects.length > 60, `${objects.length} objects`);
        for (const o of objects) assert.strictEqual(o.provider, "t-cluster-k8s", o.key);
    });

    it("rejects namespaces it does not create and an app namespace that collides with the platform's", async () => {
        await assert.rejects(runTenancy({ developerNamespaces: ["staging"] }), (e: Error) =>
            e.message.includes(
                'platform:access.developerNamespaces: "staging" is not a namespace the platform creates. Use one of dev, logging, monitoring, observability, flux-system, kube-ingress, test, default.',
            ),
        );
        await assert.rejects(runTenancy({ appNamespace: "monitoring" }), (e: Error) =>
            e.message.includes(
                'appNamespace "monitoring" is a namespace the platform or Kubernetes itself uses. Use the environment\'s own name, e.g. "dev".',
            ),
        );
    });
});

function r0(reg: Registry): RecordedResource {
    return reg.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role")[0];
}
