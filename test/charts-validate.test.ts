import * as assert from "node:assert";
import * as path from "node:path";
import { ignoredValueKeys } from "../offline/charts/values";
import { type K8sObject, ROOT } from "../offline/charts/helm";
import { type RenderedRelease, renderReleases } from "../offline/charts/render";
import { validateObjects } from "../offline/k8s/crd";
import { builtinKind, isBuiltinGroup } from "../offline/k8s/openapi";
import { podSecurityAdmission } from "../offline/k8s/pod-security";
import { manifestsOf } from "../offline/k8s/declared";
import { stackRegistry } from "../offline/engine/program";

/**
 * What the Helm releases really install, judged as the cluster would judge it: every rendered object against the
 * Kubernetes 1.35 OpenAPI or its CRD's schema (strict: the API server drops unknown fields silently), every pod template
 * against its namespace's Pod Security levels, and every values key against what the chart declares or reads (Helm
 * ignores the rest silently). The program's own custom resources are checked against the CRDs the releases install.
 */
for (const stack of ["dev", "staging"]) {
    describe(`charts as the cluster sees them: ${stack}`, () => {
        let releases: RenderedRelease[];
        let declared: ReturnType<typeof manifestsOf>;
        let crds: K8sObject[];
        let values: Map<string, Record<string, unknown>>;
        const valuesOf = (r: RenderedRelease) => values.get(r.resource) ?? {};
        before(async function () {
            this.timeout(240000);
            const registry = await stackRegistry(stack);
            declared = manifestsOf(registry);
            values = new Map(registry.ofType("kubernetes:helm.sh/v3:Release").map((r) => [r.name, r.inputs.values ?? {}]));
            releases = renderReleases(registry);
            const byName = new Map<string, K8sObject>();
            for (const r of releases) for (const crd of r.crds) byName.set(String(crd.metadata?.name), crd);
            crds = [...byName.values()];
        });

        it("installs the CRDs of every custom resource the platform uses (monitoring.coreos.com, fluxcd.controlplane.io)", () => {
            const groups = new Set(crds.map((c: any) => c.spec.group));
            assert.ok(groups.has("monitoring.coreos.com") && groups.has("fluxcd.controlplane.io"), [...groups].join(", "));
        });

        it("renders no object the API server would refuse or prune (1.35 OpenAPI and CRD schemas, unknown fields included)", () => {
            const problems = releases.flatMap((r) =>
                validateObjects(r.objects, crds).map((p) => `${r.release}: ${p.object} ${p.path} ${p.message}`),
            );
            const count = releases.reduce((n, r) => n + r.objects.length, 0);
            assert.ok(count > 100, `${count} objects`);
            assert.deepStrictEqual(problems, []);
        });

        it("declares custom resources (FluxInstance, PodMonitors, ServiceMonitors) valid against the CRDs the releases install", () => {
            const custom = declared.filter((o) => !builtinKind(o.object.apiVersion, o.object.kind) && !isBuiltinGroup(o.object.apiVersion));
            assert.ok(
                custom.some((o) => o.object.kind === "FluxInstance"),
                "FluxInstance",
            );
            const problems = validateObjects(
                custom.map((o) => o.object as K8sObject),
                crds,
            ).map((p) => `${p.object} ${p.path} ${p.message}`);
            assert.deepStrictEqual(problems, []);
        });

        it("renders no pod its namespace's Pod Security level refuses, and none it warns about outside privileged namespaces", () => {
            const namespaces = declared.map((o) => o.object as K8sObject).filter((o) => o.kind === "Namespace");
            const findings = releases.flatMap((r) =>
                podSecurityAdmission(r.objects, namespaces, { defaultNamespace: r.namespace }).flatMap((a) => [
                    ...a.refused.map(
                        (p) =>
                            `${r.release}: refused in ${a.namespace} (${a.enforce}): ${a.object.kind}/${a.object.metadata?.name} ${p.message}`,
                    ),
                    ...(a.enforce === "privileged"
                        ? []
                        : a.warned.map(
                              (p) =>
                                  `${r.release}: warned in ${a.namespace} (${a.warn}): ${a.object.kind}/${a.object.metadata?.name} ${p.message}`,
                          )),
                ]),
            );
            assert.deepStrictEqual(findings, []);
        });

        it("gives no values key that its chart neither declares nor reads", () => {
            const registry = releases.map((r) => ({
                release: r.release,
                ignored: ignoredValueKeys(path.join(ROOT, r.chart), valuesOf(r)),
            }));
            assert.deepStrictEqual(
                registry.filter((r) => r.ignored.length > 0),
                [],
            );
        });
    });
}
