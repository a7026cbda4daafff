import * as assert from "node:assert";
import { builtinKind, isBuiltinGroup, validateBuiltin } from "../offline/k8s/openapi";
import { podSecurityAdmission } from "../offline/k8s/pod-security";
import { manifestsOf } from "../offline/k8s/declared";
import { stackRegistry } from "../offline/engine/program";

// Every Kubernetes object the program declares itself (not what its Helm releases install), checked strictly against
// the vendored 1.35 OpenAPI and against its namespace's Pod Security labels. Its custom resources are checked against
// the CRDs the Helm releases install, in charts-validate.test.ts.
for (const stack of ["dev", "staging"]) {
    describe(`offline: the ${stack} stack's declared Kubernetes objects`, () => {
        let objects: ReturnType<typeof manifestsOf>;
        before(async () => {
            objects = manifestsOf(await stackRegistry(stack));
        });

        it("are valid against the Kubernetes 1.35 OpenAPI, unknown fields included", () => {
            const builtin = objects.filter((o) => builtinKind(o.object.apiVersion, o.object.kind) || isBuiltinGroup(o.object.apiVersion));
            assert.ok(builtin.length >= 80, `${builtin.length} built-in objects`);
            const problems = builtin.flatMap((o) =>
                validateBuiltin(o.object, { patch: o.patch }).map((p) => `${o.resource.key.split("::").pop()} ${p.path} ${p.message}`),
            );
            assert.deepStrictEqual(problems, []);
        });

        it("declare no workload its namespace's Pod Security levels would refuse or warn about", () => {
            const all = objects.filter((o) => !o.patch).map((o) => o.object);
            const admissions = podSecurityAdmission(
                all,
                all.filter((o) => o.kind === "Namespace"),
            );
            assert.ok(
                admissions.some((a) => a.warn === "restricted"),
                "workloads in namespaces that warn at restricted",
            );
            const findings = admissions.flatMap((a) =>
                [...a.refused, ...a.warned].map((p) => `${a.namespace}/${a.object.metadata?.name} ${p.message}`),
            );
            assert.deepStrictEqual(findings, []);
        });
    });
}
