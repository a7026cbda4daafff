import * as assert from "node:assert";
import { TOKEN_REASON_ANNOTATION, tenancyRules } from "../policy/rules/tenancy";
import { runRules } from "../policy/run";
import type { PolicyResource } from "../policy/types";
import { runTenancy } from "./cluster-fixtures";
import { checkPolicies, res } from "../offline/engine/policy";

function messages(id: string, resources: PolicyResource[]): string[] {
    const rule = tenancyRules.find((r) => r.id === id);
    if (!rule) throw new Error(`no rule ${id}`);
    const [result] = runRules(resources, { rules: [rule], tier: "prod" });
    return result.violations.map((v) => `${v.urn?.split("::")[1] ?? "(stack)"}: ${v.message}`);
}

const k8s = (type: string, name: string, props: Record<string, any>) => res(`kubernetes:${type}`, name, props);
const podSpec = (spec: Record<string, any> = {}) => ({
    automountServiceAccountToken: false,
    serviceAccountName: "hydra",
    containers: [{ name: "c", image: "oryd/hydra:v26.0.0" }],
    ...spec,
});
const deployment = (name: string, namespace: string | undefined, spec: Record<string, any> = {}, annotations?: Record<string, string>) =>
    k8s("apps/v1:Deployment", name, {
        metadata: { name, namespace, annotations },
        spec: { selector: {}, template: { metadata: {}, spec: podSpec(spec) } },
    });
const namespace = (name: string) => k8s("core/v1:Namespace", `ns-${name}`, { metadata: { name } });
const netpol = (ns: string, name: string, spec: Record<string, any>) =>
    k8s("networking.k8s.io/v1:NetworkPolicy", `${ns}-${name}`, { metadata: { name, namespace: ns }, spec });

describe("tenancy policy rules (policy/rules/tenancy.ts)", () => {
    it("K1: no workload in default; pull secrets, RBAC and default ServiceAccount patches there are fine", () => {
        assert.deepStrictEqual(
            messages("K1", [
                deployment("hydra", "dev"),
                k8s("core/v1:Secret", "pull", {
                    metadata: { name: "docker-hub", namespace: "default" },
                    type: "kubernetes.io/dockerconfigjson",
                }),
                k8s("core/v1:ServiceAccountPatch", "sa", {
                    metadata: { name: "default", namespace: "default" },
                    automountServiceAccountToken: false,
                }),
                k8s("rbac.authorization.k8s.io/v1:Role", "role", { metadata: { name: "k8s-developer-role", namespace: "default" } }),
            ]),
            [],
        );
        assert.deepStrictEqual(
            messages("K1", [
                deployment("web", "default"),
                k8s("core/v1:ConfigMap", "cm", { metadata: { name: "settings" } }),
                k8s("core/v1:Secret", "opaque", { metadata: { name: "creds", namespace: "default" }, type: "Opaque" }),
                k8s("helm.sh/v3:Release", "chart", { chart: "x" }),
            ]),
            [
                "web: Deployment web is in the default namespace; put it in the app's namespace.",
                "cm: ConfigMap settings is in the default namespace (no namespace set); put it in the app's namespace.",
                "opaque: Secret creds is in the default namespace; put it in the app's namespace.",
                "chart: installs its chart into the default namespace; set namespace.",
            ],
        );
    });

    it("K7: no automounted tokens without a stated reason, one service account per app", () => {
        assert.deepStrictEqual(
            messages("K7", [
                deployment("hydra", "dev"),
                deployment(
                    "operator",
                    "dev",
                    { automountServiceAccountToken: undefined, serviceAccountName: "operator" },
                    { [TOKEN_REASON_ANNOTATION]: "watches Flux objects" },
                ),
                k8s("core/v1:ServiceAccount", "sa", { metadata: { name: "hydra", namespace: "dev" }, automountServiceAccountToken: false }),
                k8s("core/v1:ServiceAccountPatch", "default-sa", {
                    metadata: { name: "default", namespace: "dev" },
                    automountServiceAccountToken: false,
                }),
            ]),
            [],
        );
        assert.deepStrictEqual(
            messages("K7", [
                deployment("web", "dev", { automountServiceAccountToken: undefined, serviceAccountName: undefined }),
                deployment("a", "dev", { serviceAccountName: "shared" }),
                deployment("b", "dev", { serviceAccountName: "shared" }),
                k8s("core/v1:ServiceAccount", "sa", { metadata: { name: "web", namespace: "dev" } }),
                k8s("core/v1:ServiceAccountPatch", "default-sa", {
                    metadata: { name: "default", namespace: "dev" },
                    imagePullSecrets: [{ name: "docker-hub" }],
                }),
            ]),
            [
                `web: mounts a service account token; set automountServiceAccountToken: false, or annotate ${TOKEN_REASON_ANNOTATION} with why it needs the API.`,
                "web: runs as the default service account; give each app its own ServiceAccount.",
                "a: shares service account dev/shared with 1 other workload(s); one service account per app.",
                "b: shares service account dev/shared with 1 other workload(s); one service account per app.",
                `sa: mounts its token into every pod; set automountServiceAccountToken: false (pods that need it opt in), or annotate ${TOKEN_REASON_ANNOTATION}.`,
                "default-sa: patches a default service account but leaves its token automounted; set automountServiceAccountToken: false (CIS 4.1.5).",
            ],
        );
    });

    it("K8: every namespace we create denies ingress and egress by default", () => {
        assert.deepStrictEqual(
            messages("K8", [
                namespace("dev"),
                netpol("dev", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
                namespace("logging"),
                netpol("logging", "deny-in", { podSelector: {}, policyTypes: ["Ingress"] }),
                netpol("logging", "deny-out", { podSelector: {}, policyTypes: ["Egress"] }),
            ]),
            [],
        );
        assert.deepStrictEqual(
            messages("K8", [
                namespace("dev"),
                netpol("dev", "allow-dns", { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53 }] }] }),
                namespace("monitoring"),
                netpol("monitoring", "deny-web", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress", "Egress"] }),
                namespace("logging"),
                netpol("logging", "deny-in", { podSelector: {} }),
                netpol("elsewhere", "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
            ]),
            [
                "ns-dev: namespace dev has no default-deny NetworkPolicy for Ingress and Egress; add one selecting all pods with no rules, then explicit allows.",
                "ns-monitoring: namespace monitoring has no default-deny NetworkPolicy for Ingress and Egress; add one selecting all pods with no rules, then explicit allows.",
                "ns-logging: namespace logging has no default-deny NetworkPolicy for Egress; add one selecting all pods with no rules, then explicit allows.",
            ],
        );
    });

    it("passes every tenancy rule for the Tenancy component", async () => {
        const results = checkPolicies(await runTenancy(), { tier: "dev", rules: tenancyRules });
        assert.deepStrictEqual(
            results.flatMap((r) => r.violations.map((v) => `${r.rule.id} ${v.urn}: ${v.message}`)),
            [],
        );
    });
});
