import * as assert from "node:assert";
import { runTenancy } from "./cluster-fixtures";
import { invalidObjects, manifestsOf, validateK8sObject } from "../offline/k8s/declared";
import { builtinKind } from "../offline/k8s/openapi";
import type { Registry } from "../offline/engine/registry";

const role = (rules: unknown[]) => ({ metadata: { name: "r", namespace: "dev" }, rules });
const policy = (spec: unknown) => ({ metadata: { name: "p", namespace: "dev" }, spec });

/** [case, apiVersion, kind, object, expected errors, patch?] */
const ROWS: [string, string, string, unknown, string[], boolean?][] = [
    ["valid Role", "rbac.authorization.k8s.io/v1", "Role", role([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]), []],
    [
        "Role rule without verbs",
        "rbac.authorization.k8s.io/v1",
        "Role",
        role([{ apiGroups: [""], resources: ["pods"] }]),
        ['/rules/0 missing required field "verbs"'],
    ],
    [
        "NetworkPolicy with an unknown policy type",
        "networking.k8s.io/v1",
        "NetworkPolicy",
        policy({ podSelector: {}, policyTypes: ["Ingress", "Sideways"] }),
        ['/spec/policyTypes/1 must be one of "Ingress", "Egress"'],
    ],
    [
        "NetworkPolicy ipBlock that is not a CIDR",
        "networking.k8s.io/v1",
        "NetworkPolicy",
        policy({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "10.10.0.0/33", except: ["10.10.1.0"] } }] }] }),
        [
            '/spec/egress/0/to/0/ipBlock/cidr "10.10.0.0/33" is not a valid CIDR',
            '/spec/egress/0/to/0/ipBlock/except/0 "10.10.1.0" is not a valid CIDR',
        ],
    ],
    [
        "NetworkPolicy peer with a non-string label",
        "networking.k8s.io/v1",
        "NetworkPolicy",
        policy({ podSelector: { matchLabels: { app: 1 } } }),
        ["/spec/podSelector/matchLabels/app must be string"],
    ],
    [
        "NetworkPolicy port as a number string is fine (IntOrString)",
        "networking.k8s.io/v1",
        "NetworkPolicy",
        policy({ podSelector: {}, egress: [{ ports: [{ port: "dns" }] }] }),
        [],
    ],
    [
        "Secret data that is not base64",
        "v1",
        "Secret",
        { metadata: { name: "s" }, data: { token: "not base64!" } },
        ['/data/token must match format "byte"'],
    ],
    [
        "ConfigMap value that is not a string",
        "v1",
        "ConfigMap",
        { metadata: { name: "c" }, data: { PORT: 5432 } },
        ["/data/PORT must be string"],
    ],
    [
        "ConfigMap key with a slash",
        "v1",
        "ConfigMap",
        { metadata: { name: "c" }, data: { "a/b": "x" } },
        ["/data key \"a/b\" must consist of alphanumerics, '-', '_' or '.'"],
    ],
    [
        "Namespace name with upper case",
        "v1",
        "Namespace",
        { metadata: { name: "Dev" } },
        ['/metadata/name "Dev" is not a valid DNS-1123 label'],
    ],
    ["Namespace name with a dot", "v1", "Namespace", { metadata: { name: "a.b" } }, ['/metadata/name "a.b" is not a valid DNS-1123 label']],
    ["ConfigMap name with a dot is fine", "v1", "ConfigMap", { metadata: { name: "a.b" } }, []],
    [
        "label value with a space",
        "v1",
        "Namespace",
        { metadata: { name: "dev", labels: { tier: "dev env" } } },
        ['/metadata/labels/tier value "dev env" is not a valid label value'],
    ],
    [
        "label value that is not a string",
        "v1",
        "Namespace",
        { metadata: { name: "dev", labels: { replicas: 2 } } },
        ["/metadata/labels/replicas must be string"],
    ],
    [
        "RBAC name with a colon is fine",
        "rbac.authorization.k8s.io/v1",
        "ClusterRole",
        { metadata: { name: "platform:read" }, rules: [] },
        [],
    ],
    [
        "unknown kind of a known group",
        "apps/v1",
        "Deploymnet",
        { metadata: { name: "d" } },
        ["/apiVersion apps/v1 Deploymnet is not served by Kubernetes 1.35 (GA APIs)"],
    ],
    [
        "kind that disagrees with the object's",
        "v1",
        "ConfigMap",
        { kind: "Secret", metadata: { name: "c" } },
        ['/kind "Secret" is not ConfigMap'],
    ],
    [
        "a field the API server would drop",
        "v1",
        "ConfigMap",
        { metadata: { name: "c" }, date: { k: "v" } },
        ["/date unknown field (the API server drops it)"],
    ],
    ["custom resource: no schema, no errors", "fluxcd.controlplane.io/v1", "FluxInstance", { metadata: { name: "flux" }, spec: {} }, []],
    [
        "patch may leave out required fields",
        "apps/v1",
        "Deployment",
        { metadata: { name: "coredns", namespace: "kube-system" }, spec: { replicas: 3 } },
        [],
        true,
    ],
    [
        "the same object as a full Deployment may not",
        "apps/v1",
        "Deployment",
        { metadata: { name: "coredns" }, spec: { replicas: 3 } },
        ['/spec missing required field "selector"', '/spec missing required field "template"'],
    ],
];

describe("k8s-schema: validateK8sObject", () => {
    for (const [name, apiVersion, kind, object, expected, patch] of ROWS) {
        it(name, () => assert.deepStrictEqual(validateK8sObject(apiVersion, kind, object, { patch }), expected));
    }

    it("knows the built-in kinds and not custom resources", () => {
        assert.ok(builtinKind("networking.k8s.io/v1", "NetworkPolicy"));
        assert.ok(builtinKind("storage.k8s.io/v1", "StorageClass"));
        assert.strictEqual(builtinKind("fluxcd.controlplane.io/v1", "FluxInstance"), undefined);
    });
});

describe("k8s-schema: every Kubernetes object of the cluster and tenancy layers", () => {
    let reg: Registry;
    before(async () => {
        reg = await runTenancy();
    });

    it("turns recorded kubernetes:* resources into objects, patches under their base kind", () => {
        const objects = manifestsOf(reg);
        assert.strictEqual(objects.length, reg.resources.filter((r) => r.type.startsWith("kubernetes:")).length);
        const patch = objects.find((o) => o.resource.type === "kubernetes:core/v1:ServiceAccountPatch")!;
        assert.deepStrictEqual([patch.object.apiVersion, patch.object.kind, patch.patch], ["v1", "ServiceAccount", true]);
        const secret = objects.find((o) => o.object.kind === "Secret")!;
        assert.strictEqual(
            typeof (secret.object.stringData as Record<string, string>)[".dockerconfigjson"],
            "string",
            "secret envelopes are unwrapped",
        );
        for (const o of objects) assert.ok(builtinKind(o.object.apiVersion, o.object.kind), `${o.resource.key} has a schema`);
    });

    it("validates every one against the Kubernetes OpenAPI schema", () => {
        assert.deepStrictEqual(invalidObjects(reg), []);
    });

    it("reports an object that breaks its schema", async () => {
        const broken = await runTenancy({ vpcCidr: "10.10.0.0/33" });
        const bad = invalidObjects(broken);
        // Every policy that names the VPC CIDR: app and toolbox egress, ingress from the load balancer, monitoring's scrape and webhooks.
        assert.deepStrictEqual(bad.map((b) => b.key.split("::")[1]).sort(), [
            "t-tenancy-dev-allow-vpc-egress",
            "t-tenancy-kube-ingress-allow-from-load-balancer",
            "t-tenancy-monitoring-allow-scrape-egress",
            "t-tenancy-monitoring-allow-webhooks",
            "t-tenancy-observability-allow-webhooks",
            "t-tenancy-test-allow-vpc-egress",
        ]);
        assert.deepStrictEqual(bad.find((b) => b.key.endsWith("dev-allow-vpc-egress"))!.errors, [
            '/spec/egress/0/to/0/ipBlock/cidr "10.10.0.0/33" is not a valid CIDR',
        ]);
    });
});
