import * as assert from "node:assert";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import * as k8s from "@pulumi/kubernetes";
import {
    FLUX_COMPONENTS,
    FLUX_EVENT_SOURCE_KINDS,
    FLUX_VERSION,
    Flux,
    fluxNotificationObjects,
    fluxNotificationsSpec,
} from "../components/gitops";
import type { K8sObject } from "../offline/charts/helm";
import { validateObjects } from "../offline/k8s/crd";
import { runComponent } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

/**
 * The notification CRDs of the notification-controller Flux 2.9.4 installs (v1.9.3), vendored in schemas/flux/ with
 * their source commit and checksums: the Provider and Alert are validated against them, strictly.
 */
const SCHEMAS = path.join(__dirname, "..", "schemas", "flux");
const lock = JSON.parse(fs.readFileSync(path.join(SCHEMAS, "lock.json"), "utf8"));
const crds = (lock.files as { file: string }[]).map((f) => yaml.load(fs.readFileSync(path.join(SCHEMAS, f.file), "utf8")) as K8sObject);
const URL = "http://kube-prometheus-stack-alertmanager.monitoring:9093/api/v2/alerts/";
const args = { namespace: "flux-system", alertmanagerUrl: URL, components: FLUX_COMPONENTS };
const RESOURCE_SET = "kubernetes:fluxcd.controlplane.io/v1:ResourceSet";

const PROVIDER = {
    apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
    kind: "Provider",
    metadata: { name: "alertmanager", namespace: "flux-system" },
    spec: { type: "alertmanager", address: URL },
};
const ALERT = {
    apiVersion: "notification.toolkit.fluxcd.io/v1beta3",
    kind: "Alert",
    metadata: { name: "reconciliation-errors", namespace: "flux-system" },
    spec: {
        providerRef: { name: "alertmanager" },
        eventSeverity: "error",
        eventSources: [
            "GitRepository",
            "OCIRepository",
            "HelmRepository",
            "HelmChart",
            "Bucket",
            "Kustomization",
            "HelmRelease",
            "ImageRepository",
            "ImagePolicy",
            "ImageUpdateAutomation",
        ].map((kind) => ({ kind, name: "*" })),
    },
};

describe("gitops: Flux notifications (spec)", () => {
    it("vendors the notification CRDs of the pinned Flux, unchanged", () => {
        assert.strictEqual(lock.flux, FLUX_VERSION, "re-vendor schemas/flux/ when FLUX_VERSION moves");
        for (const f of lock.files) {
            const sha = createHash("sha256")
                .update(fs.readFileSync(path.join(SCHEMAS, f.file)))
                .digest("hex");
            assert.strictEqual(sha, f.sha256, f.file);
        }
        assert.deepStrictEqual(crds.map((c: any) => c.spec.names.kind).sort(), ["Alert", "Provider"]);
    });

    it("declares an alertmanager Provider and an Alert on every error event of every installed controller's kinds", () => {
        assert.deepStrictEqual(fluxNotificationObjects(args), [PROVIDER, ALERT]);
    });

    it("validates both against the CRD schemas Flux 2.9.4 serves, and the schemas do refuse a wrong field", () => {
        assert.deepStrictEqual(validateObjects(fluxNotificationObjects(args), crds), []);
        const wrong = [
            { ...PROVIDER, spec: { type: "alert-manager", address: URL } },
            { ...ALERT, spec: { ...ALERT.spec, eventSeverity: "warning" } },
            { ...ALERT, spec: { ...ALERT.spec, eventSources: [{ kind: "FluxInstance", name: "*" }] } },
            { ...PROVIDER, apiVersion: "notification.toolkit.fluxcd.io/v1beta2" },
        ];
        for (const object of wrong) assert.notDeepStrictEqual(validateObjects([object], crds), [], JSON.stringify(object.spec));
    });

    it("watches only kinds the Alert CRD accepts, of controllers the FluxInstance installs", () => {
        const alertCrd: any = crds.find((c: any) => c.spec.names.kind === "Alert");
        const allowed: string[] =
            alertCrd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.eventSources.items.properties.kind.enum;
        for (const [controller, kinds] of Object.entries(FLUX_EVENT_SOURCE_KINDS)) {
            assert.ok((FLUX_COMPONENTS as readonly string[]).includes(controller), controller);
            for (const kind of kinds) assert.ok(allowed.includes(kind), kind);
        }
        // Fewer controllers, fewer kinds: nothing watched that nothing emits.
        const kinds = fluxNotificationObjects({
            ...args,
            components: ["source-controller", "kustomize-controller"],
        })[1].spec.eventSources.map((s: any) => s.kind);
        assert.deepStrictEqual(kinds, ["GitRepository", "OCIRepository", "HelmRepository", "HelmChart", "Bucket", "Kustomization"]);
    });

    it("lets the ResourceSet apply them only once both CRDs are established", () => {
        assert.deepStrictEqual(fluxNotificationsSpec(args), {
            dependsOn: [
                {
                    apiVersion: "apiextensions.k8s.io/v1",
                    kind: "CustomResourceDefinition",
                    name: "providers.notification.toolkit.fluxcd.io",
                    ready: true,
                },
                {
                    apiVersion: "apiextensions.k8s.io/v1",
                    kind: "CustomResourceDefinition",
                    name: "alerts.notification.toolkit.fluxcd.io",
                    ready: true,
                },
            ],
            resources: [PROVIDER, ALERT],
        });
        assert.deepStrictEqual(
            crds.map((c) => c.metadata?.name).sort(),
            fluxNotificationsSpec(args)
                .dependsOn.map((d: any) => d.name)
                .sort(),
        );
    });
});

const fluxArgs = {
    clusterName: "platform-test",
    namespace: "flux-system",
    keyAliasPrefix: "platform-test",
    protect: false,
    keyDeletionWindowInDays: 7,
    gitops: {
        repoUrl: "ssh://git@github.com/example-org/platform-config.git",
        branch: "main",
        path: "clusters/test",
        imageAutomationWriteBack: true,
    },
};

describe("gitops: Flux notifications (component)", () => {
    let reg: Registry;
    before(async () => {
        reg = await runComponent(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            new Flux("flux", { ...fluxArgs, alertmanagerUrl: URL }, { providers: { kubernetes: provider } });
        });
    });

    it("declares the ResourceSet in flux-system, on the cluster's provider, a child of Flux, after the FluxInstance", () => {
        const set = reg.one(RESOURCE_SET);
        assert.deepStrictEqual(set.inputs.metadata, {
            name: "notifications",
            namespace: "flux-system",
            annotations: { "pulumi.com/skipAwait": "true" },
        });
        assert.deepStrictEqual(set.inputs.spec, fluxNotificationsSpec(args));
        assert.deepStrictEqual(set.dependsOn, ["kubernetes:fluxcd.controlplane.io/v1:FluxInstance::flux-instance"]);
        assert.strictEqual(set.provider, "k8s");
        assert.strictEqual(set.parent, "platform:gitops:Flux::flux");
        assert.strictEqual(set.name, "flux-notifications");
    });

    it("declares none without an Alertmanager URL", async () => {
        const without = await runComponent(() => {
            new Flux("flux", fluxArgs);
        });
        assert.deepStrictEqual(without.ofType(RESOURCE_SET), []);
    });
});
