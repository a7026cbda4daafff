import * as assert from "node:assert";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { KUBERNETES_MINOR, builtinKind, validateBuiltin } from "../offline/k8s/openapi";

const container = (extra: Record<string, unknown> = {}) => ({ name: "app", image: "nginx:1.29.3", ...extra });
const deployment = (podSpec: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "dev" },
    spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: podSpec }, ...spec },
});
const service = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec });

/** [case, object, expected problems as "path message"] */
const ROWS: [string, Record<string, unknown>, string[]][] = [
    ["valid Deployment", deployment({ containers: [container({ resources: { limits: { cpu: "500m", memory: "1Gi" } } })] }), []],
    [
        "unknown field in a container (typo)",
        deployment({ containers: [container({ securityContex: { runAsNonRoot: true } })] }),
        ["/spec/template/spec/containers/0/securityContex unknown field (the API server drops it)"],
    ],
    [
        "unknown field in metadata",
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", label: { a: "b" } } },
        ["/metadata/label unknown field (the API server drops it)"],
    ],
    [
        "unknown top-level field",
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, spec: {} },
        ["/spec unknown field (the API server drops it)"],
    ],
    [
        "wrong type: port as a string",
        deployment({ containers: [container({ ports: [{ containerPort: "8080" }] })] }),
        ["/spec/template/spec/containers/0/ports/0/containerPort must be integer"],
    ],
    [
        "wrong type: replicas out of int32",
        deployment({ containers: [container()] }, { replicas: 2 ** 31 }),
        ['/spec/replicas must match format "int32"'],
    ],
    ["missing required: containers", deployment({}), ['/spec/template/spec missing required field "containers"']],
    [
        "missing required: selector",
        { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { template: { spec: { containers: [container()] } } } },
        ['/spec missing required field "selector"'],
    ],
    [
        "enum: imagePullPolicy",
        deployment({ containers: [container({ imagePullPolicy: "always" })] }),
        ['/spec/template/spec/containers/0/imagePullPolicy must be one of "Always", "Never", "IfNotPresent"'],
    ],
    [
        "enum: Service type",
        service({ type: "Nodeport", ports: [{ port: 80 }] }),
        ['/spec/type must be one of "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"'],
    ],
    [
        "enum on list items: NetworkPolicy policyTypes",
        {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: "p" },
            spec: { podSelector: {}, policyTypes: ["Ingress", "Sideways"] },
        },
        ['/spec/policyTypes/1 must be one of "Ingress", "Egress"'],
    ],
    [
        "int-or-string: targetPort name and number are fine",
        service({
            ports: [
                { port: 80, targetPort: "http" },
                { port: 81, targetPort: 8081 },
            ],
        }),
        [],
    ],
    [
        "int-or-string: targetPort as a boolean",
        service({ ports: [{ port: 80, targetPort: true }] }),
        ["/spec/ports/0/targetPort must be integer or string"],
    ],
    [
        "int-or-string: rolling update percent",
        deployment({ containers: [container()] }, { strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } } }),
        [],
    ],
    [
        "quantity: number and string are fine",
        deployment({ containers: [container({ resources: { requests: { cpu: 0.5, memory: "128Mi" } } })] }),
        [],
    ],
    [
        "quantity: a malformed string",
        deployment({ containers: [container({ resources: { limits: { cpu: "1 core" } } })] }),
        ['/spec/template/spec/containers/0/resources/limits/cpu must match format "quantity"'],
    ],
    [
        "map (additionalProperties): any label key, string values",
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "n", labels: { "any.key/x": "v" } } },
        [],
    ],
    [
        "map (additionalProperties): a non-string value",
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "n", labels: { replicas: 2 } } },
        ["/metadata/labels/replicas must be string"],
    ],
    [
        "base64 data",
        { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { token: "not base64!" } },
        ['/data/token must match format "byte"'],
    ],
    [
        "free-form RawExtension keeps unknown fields",
        { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: { name: "r" }, revision: 1, data: { anything: { goes: true } } },
        [],
    ],
    ["null fields count as unset", deployment({ containers: [container({ resources: null })], nodeSelector: null }), []],
    [
        "removed API",
        { apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", metadata: { name: "p" } },
        [
            `/apiVersion policy/v1beta1 PodDisruptionBudget is not served by Kubernetes ${KUBERNETES_MINOR} (GA APIs); PodDisruptionBudget is served as policy/v1`,
        ],
    ],
    [
        "misspelt kind",
        { apiVersion: "apps/v1", kind: "Deploymnet", metadata: { name: "d" } },
        [`/apiVersion apps/v1 Deploymnet is not served by Kubernetes ${KUBERNETES_MINOR} (GA APIs)`],
    ],
    [
        "beta API off by default",
        { apiVersion: "storage.k8s.io/v1beta1", kind: "VolumeAttributesClass", metadata: { name: "v" }, driverName: "ebs.csi.aws.com" },
        [
            `/apiVersion storage.k8s.io/v1beta1 VolumeAttributesClass is not served by Kubernetes ${KUBERNETES_MINOR} (GA APIs); VolumeAttributesClass is served as storage.k8s.io/v1`,
        ],
    ],
];

describe("offline/k8s/openapi: validateBuiltin against the Kubernetes 1.35 OpenAPI", () => {
    for (const [name, object, expected] of ROWS) {
        it(name, () =>
            assert.deepStrictEqual(
                validateBuiltin(object).map((p) => `${p.path} ${p.message}`),
                expected,
            ),
        );
    }

    it("a patch may leave out required fields, not add unknown ones", () => {
        const patch = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "coredns", namespace: "kube-system" },
            spec: { replicas: 3, replica: 3 },
        };
        assert.deepStrictEqual(
            validateBuiltin(patch, { patch: true }).map((p) => p.path),
            ["/spec/replica"],
        );
        assert.deepStrictEqual(
            validateBuiltin(patch)
                .map((p) => p.message)
                .sort(),
            ['missing required field "selector"', 'missing required field "template"', "unknown field (the API server drops it)"],
        );
    });

    it("knows which kinds are namespaced", () => {
        assert.deepStrictEqual(
            [
                builtinKind("v1", "ConfigMap")?.namespaced,
                builtinKind("v1", "Namespace")?.namespaced,
                builtinKind("rbac.authorization.k8s.io/v1", "ClusterRole")?.namespaced,
            ],
            [true, false, false],
        );
    });

    it("reads the vendored bundle the lock describes", () => {
        const dir = path.join(__dirname, "..", "schemas", "kubernetes", KUBERNETES_MINOR);
        const lock = JSON.parse(fs.readFileSync(path.join(dir, "lock.json"), "utf8"));
        const bytes = fs.readFileSync(path.join(dir, lock.output.file));
        assert.strictEqual(createHash("sha256").update(bytes).digest("hex"), lock.output.sha256);
        assert.strictEqual(lock.kubernetes, KUBERNETES_MINOR);
        assert.match(lock.source.commit, /^[0-9a-f]{40}$/);
    });
});
