import * as assert from "node:assert";
import { validateCustom, validateObjects } from "../offline/k8s/crd";

/** A small structural CRD in the shape the charts install (group, served versions, openAPIV3Schema). */
const crd = (versions: { name: string; served: boolean; schema: Record<string, unknown> }[]) => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
        group: "example.com",
        scope: "Namespaced",
        names: { kind: "Widget", plural: "widgets", singular: "widget", listKind: "WidgetList" },
        versions: versions.map((v) => ({
            name: v.name,
            served: v.served,
            storage: v.name === "v1",
            schema: { openAPIV3Schema: v.schema },
        })),
    },
});
const SCHEMA = {
    type: "object",
    properties: {
        spec: {
            type: "object",
            required: ["size"],
            properties: {
                size: { type: "string", enum: ["small", "large"] },
                replicas: { type: "integer", minimum: 1 },
                port: { "x-kubernetes-int-or-string": true },
                labels: { type: "object", additionalProperties: { type: "string" } },
                values: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                template: {
                    type: "object",
                    "x-kubernetes-embedded-resource": true,
                    properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
                },
                tags: { type: "array", items: { type: "string" } },
            },
        },
        status: { type: "object", properties: { ready: { type: "boolean" } } },
    },
};
const WIDGETS = crd([
    { name: "v1", served: true, schema: SCHEMA },
    { name: "v1beta1", served: false, schema: SCHEMA },
]);
const widget = (spec: Record<string, unknown>, apiVersion = "example.com/v1") => ({
    apiVersion,
    kind: "Widget",
    metadata: { name: "w", namespace: "dev" },
    spec,
});

const ROWS: [string, Record<string, unknown>, string[]][] = [
    [
        "valid custom resource",
        widget({ size: "small", replicas: 2, port: "http", labels: { a: "b" }, values: { any: { thing: 1 } }, tags: ["x"] }),
        [],
    ],
    ["int-or-string accepts a number", widget({ size: "small", port: 8080 }), []],
    [
        "embedded resource: apiVersion, kind, metadata allowed",
        widget({ size: "small", template: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { x: 1 } } }),
        [],
    ],
    [
        "unknown field (pruned by the API server)",
        widget({ size: "small", replica: 2 }),
        ["/spec/replica unknown field (the API server drops it)"],
    ],
    ["unknown field at the root", { ...widget({ size: "small" }), extra: true }, ["/extra unknown field (the API server drops it)"]],
    [
        "unknown metadata field (validated as ObjectMeta)",
        { ...widget({ size: "small" }), metadata: { name: "w", annotation: {} } },
        ["/metadata/annotation unknown field (the API server drops it)"],
    ],
    ["wrong type", widget({ size: "small", replicas: "2" }), ["/spec/replicas must be integer"]],
    ["missing required field", widget({ replicas: 2 }), ['/spec missing required field "size"']],
    ["enum violation", widget({ size: "medium" }), ['/spec/size must be one of "small", "large"']],
    ["minimum", widget({ size: "small", replicas: 0 }), ["/spec/replicas must be >= 1"]],
    ["int-or-string rejects a boolean", widget({ size: "small", port: true }), ["/spec/port must be integer or string"]],
    ["map values typed", widget({ size: "small", labels: { a: 1 } }), ["/spec/labels/a must be string"]],
    [
        "version not served",
        widget({ size: "small" }, "example.com/v1beta1"),
        ["/apiVersion widgets.example.com does not serve v1beta1 (served: v1)"],
    ],
    [
        "CRD missing",
        { apiVersion: "other.io/v1", kind: "Gadget", metadata: { name: "g" } },
        ["/kind no CustomResourceDefinition for Gadget.other.io among the 1 given; the API server would refuse it"],
    ],
];

describe("offline/k8s/crd: validateCustom against the CRD's openAPIV3Schema", () => {
    for (const [name, object, expected] of ROWS) {
        it(name, () =>
            assert.deepStrictEqual(
                validateCustom(object, [WIDGETS]).map((p) => `${p.path} ${p.message}`),
                expected,
            ),
        );
    }
});

describe("offline/k8s/crd: validateObjects", () => {
    it("validates built-ins, custom resources against CRDs in the same set, and the CRDs themselves", () => {
        const badCrd = {
            ...WIDGETS,
            spec: { ...WIDGETS.spec, scope: "Namespace", conversion: { strategy: "None" }, preserveUnknownField: false },
        };
        const problems = validateObjects([
            badCrd,
            widget({ size: "huge" }),
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "dev" }, data: { a: 1 } },
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "fine" }, data: { a: "1" } },
        ]);
        assert.deepStrictEqual(
            problems.map((p) => `${p.object} ${p.path} ${p.message}`),
            [
                "apiextensions.k8s.io/v1 CustomResourceDefinition widgets.example.com /spec/preserveUnknownField unknown field (the API server drops it)",
                'apiextensions.k8s.io/v1 CustomResourceDefinition widgets.example.com /spec/scope must be one of "Cluster", "Namespaced"',
                'example.com/v1 Widget dev/w /spec/size must be one of "small", "large"',
                "v1 ConfigMap dev/c /data/a must be string",
            ],
        );
    });

    it("takes CRDs from a separate list (a chart's crds/ folder) and validates those too", () => {
        assert.deepStrictEqual(validateObjects([widget({ size: "large" })], [WIDGETS]), []);
        assert.deepStrictEqual(
            validateObjects([widget({ size: "large" })], []).map((p) => p.path),
            ["/kind"],
        );
    });
});
