import * as assert from "node:assert";
import { stackRegistry } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";
import { waitsFor } from "../offline/engine/dependencies";

const POD_MAKERS = [
    "kubernetes:helm.sh/v3:Release",
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
    "kubernetes:core/v1:Pod",
];

/** True when a value tree asks for a persistent volume: PVC templates, a chart's storageSpec or enabled persistence. */
function asksForVolume(value: unknown): boolean {
    if (Array.isArray(value)) return value.some(asksForVolume);
    if (!value || typeof value !== "object") return false;
    return Object.entries(value).some(
        ([k, v]) =>
            k === "volumeClaimTemplates" ||
            k === "volumeClaimTemplate" ||
            k === "persistentVolumeClaim" ||
            (k === "persistence" && (v as any)?.enabled === true) ||
            asksForVolume(v),
    );
}

function volumeMakers(reg: Registry): RecordedResource[] {
    return reg.resources.filter(
        (r) =>
            r.type === "kubernetes:core/v1:PersistentVolumeClaim" ||
            (r.type === "kubernetes:apps/v1:StatefulSet" && (r.inputs.spec?.volumeClaimTemplates ?? []).length > 0) ||
            (r.type === "kubernetes:helm.sh/v3:Release" && asksForVolume(r.inputs.values)),
    );
}

describe("ordering: pods wait for schedulable nodes, volumes for their driver", () => {
    for (const stack of ["dev", "staging"]) {
        let reg: Registry;
        before(async () => {
            reg = await stackRegistry(stack);
        });

        it(`${stack}: every release and workload waits for every node group, vpc-cni, kube-proxy, the Pod Identity agent and CoreDNS`, () => {
            const capacity = [
                ...reg.ofType("aws:eks/nodeGroup:NodeGroup"),
                ...reg
                    .ofType("aws:eks/addon:Addon")
                    .filter((a) => ["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns"].includes(a.inputs.addonName)),
            ];
            assert.strictEqual(capacity.length, reg.ofType("aws:eks/nodeGroup:NodeGroup").length + 4);
            const workloads = reg.resources.filter((r) => POD_MAKERS.includes(r.type));
            assert.ok(workloads.length >= 6, `found only ${workloads.map((w) => w.key).join(", ")}`);
            const missing = workloads.flatMap((w) => {
                const waits = waitsFor(reg, w);
                return capacity.filter((c) => !waits.has(c.key)).map((c) => `${w.key} does not wait for ${c.key}`);
            });
            assert.deepStrictEqual(missing, []);
        });

        it(`${stack}: nothing that makes an EBS volume can outlive the EBS CSI driver, its StorageClass or the nodes`, () => {
            const makers = volumeMakers(reg);
            assert.ok(
                makers.some((m) => m.name.endsWith("kube-prometheus-stack")),
                `volume makers: ${makers.map((m) => m.key).join(", ")}`,
            );
            const driver = [
                reg.one("aws:eks/addon:Addon", `${stack}-cluster-ebs-csi-driver`),
                reg.one("kubernetes:storage.k8s.io/v1:StorageClass"),
                ...reg.ofType("aws:eks/nodeGroup:NodeGroup"),
            ];
            const missing = makers.flatMap((m) => {
                const waits = waitsFor(reg, m);
                return driver.filter((d) => !waits.has(d.key)).map((d) => `${m.key} does not wait for ${d.key}`);
            });
            assert.deepStrictEqual(missing, []);
        });
    }
});
