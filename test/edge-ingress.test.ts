import * as assert from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    INGRESS_HEALTH_PATH,
    IngressController,
    NGINX_INGRESS_CHART,
    NGINX_INGRESS_CHART_VERSION,
    ingressValues,
} from "../components/edge";
import { runComponent } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

const T = {
    component: "platform:edge:IngressController",
    release: "kubernetes:helm.sh/v3:Release",
    priority: "kubernetes:scheduling.k8s.io/v1:PriorityClass",
};
const base = { httpNodePort: 30080, httpsNodePort: 30443, replicas: 3, vpcCidr: "10.20.0.0/16", priorityClassName: "high-priority" };

describe("edge: ingressValues (F5 nginx-ingress chart values)", () => {
    const values = ingressValues(base).controller;

    it("exposes the controller as a NodePort Service on the configured HTTP and HTTPS NodePorts", () => {
        assert.strictEqual(values.service.type, "NodePort");
        assert.deepStrictEqual(values.service.httpPort, { enable: true, port: 80, targetPort: 80, nodePort: 30080 });
        assert.deepStrictEqual(values.service.httpsPort, { enable: true, port: 443, targetPort: 443, nodePort: 30443 });
        assert.strictEqual(values.service.externalTrafficPolicy, "Cluster");
        const other = ingressValues({ ...base, httpNodePort: 31080, httpsNodePort: 31443 }).controller.service;
        assert.deepStrictEqual([other.httpPort.nodePort, other.httpsPort.nodePort], [31080, 31443]);
    });

    it("runs `replicas` pods with a PodDisruptionBudget of minAvailable 1, and none for a single replica", () => {
        assert.strictEqual(values.replicaCount, 3);
        assert.deepStrictEqual(values.podDisruptionBudget, { enabled: true, minAvailable: 1 });
        const single = ingressValues({ ...base, replicas: 1 }).controller;
        assert.strictEqual(single.replicaCount, 1);
        assert.deepStrictEqual(single.podDisruptionBudget, { enabled: false });
    });

    it("spreads pods over zones (hard) and nodes (soft), selecting the chart's own pod labels", () => {
        const [zone, host] = values.topologySpreadConstraints;
        assert.deepStrictEqual(
            [zone.topologyKey, zone.whenUnsatisfiable, zone.maxSkew],
            ["topology.kubernetes.io/zone", "DoNotSchedule", 1],
        );
        assert.deepStrictEqual([host.topologyKey, host.whenUnsatisfiable], ["kubernetes.io/hostname", "ScheduleAnyway"]);
        assert.deepStrictEqual(zone.labelSelector.matchLabels, {
            "app.kubernetes.io/name": "nginx-ingress",
            "app.kubernetes.io/instance": "nginx-ingress",
        });
    });

    it("is the default IngressClass `nginx`, Ingress resources only, no snippets", () => {
        assert.deepStrictEqual(values.ingressClass, { name: "nginx", create: true, setAsDefaultIngress: true });
        assert.strictEqual(values.enableCustomResources, false);
        assert.strictEqual(values.enableSnippets, false);
    });

    it("answers the ALB's health check on the HTTP port and 404 for unknown hosts", () => {
        assert.strictEqual(values.healthStatus, true);
        assert.strictEqual(values.healthStatusURI, INGRESS_HEALTH_PATH);
        assert.strictEqual(values.config.entries["default-server-return"], "404");
    });

    it("takes the client address from X-Forwarded-For behind the VPC, and the scheme from X-Forwarded-Proto", () => {
        const e = values.config.entries;
        assert.deepStrictEqual(
            [e["set-real-ip-from"], e["real-ip-header"], e["real-ip-recursive"], e["redirect-to-https"], e["ssl-redirect"]],
            ["10.20.0.0/16", "X-Forwarded-For", "true", "true", "false"],
        );
        assert.strictEqual(e["external-status-address"], undefined);
        assert.strictEqual(
            ingressValues({ ...base, externalStatusAddress: "alb.example.invalid" }).controller.config.entries["external-status-address"],
            "alb.example.invalid",
        );
    });

    it("runs non-root with a read-only root, RuntimeDefault seccomp, only NET_BIND_SERVICE, and with limits", () => {
        const sc = values.securityContext;
        assert.deepStrictEqual(
            [sc.runAsNonRoot, sc.runAsUser, sc.allowPrivilegeEscalation, sc.readOnlyRootFilesystem],
            [true, 101, false, true],
        );
        assert.deepStrictEqual(sc.capabilities, { drop: ["ALL"], add: ["NET_BIND_SERVICE"] });
        assert.strictEqual(values.podSecurityContext.seccompProfile.type, "RuntimeDefault");
        assert.deepStrictEqual(values.resources.limits, { cpu: "1", memory: "512Mi" });
        assert.ok(values.resources.requests.cpu && values.resources.requests.memory);
        assert.strictEqual(values.priorityClassName, "high-priority");
        assert.strictEqual(values.telemetryReporting.enable, false);
    });
});

describe("edge: IngressController", () => {
    let reg: Registry;
    before(async () => {
        reg = await runComponent(() => {
            const provider = new k8s.Provider("test-cluster-k8s", { kubeconfig: "{}" });
            const ingress = new IngressController(
                "edge-ingress",
                {
                    namespace: pulumi.output("kube-ingress"),
                    settings: { httpNodePort: 30080, httpsNodePort: 30443, replicas: 3 },
                    vpcCidr: pulumi.output("10.20.0.0/16"),
                },
                { provider },
            );
            return { ingressClassName: ingress.ingressClassName, priorityClassName: ingress.priorityClassName };
        });
    });

    it("declares one Release and one PriorityClass, children of the component, through the cluster's provider", () => {
        const component = reg.one(T.component, "edge-ingress");
        assert.deepStrictEqual(
            reg
                .descendantsOf(component)
                .map((r) => r.type)
                .sort(),
            [T.release, T.priority].sort(),
        );
        for (const r of reg.descendantsOf(component)) assert.strictEqual(r.provider, "test-cluster-k8s", r.name);
    });

    it("installs the pinned F5 chart from its vendored archive into the given namespace without waiting for rollout", () => {
        const release = reg.one(T.release).inputs;
        assert.deepStrictEqual(
            [release.chart, release.version, release.name, release.namespace, release.createNamespace, release.skipAwait, release.skipCrds],
            [NGINX_INGRESS_CHART, NGINX_INGRESS_CHART_VERSION, "nginx-ingress", "kube-ingress", false, true, true],
        );
        assert.ok(!NGINX_INGRESS_CHART.includes("ingress-nginx"), "kubernetes/ingress-nginx is retired");
    });

    it("passes the NodePorts, the VPC CIDR and the PriorityClass's name into the Release's values", () => {
        const values = reg.one(T.release).inputs.values.controller;
        assert.deepStrictEqual([values.service.httpPort.nodePort, values.service.httpsPort.nodePort], [30080, 30443]);
        assert.strictEqual(values.config.entries["set-real-ip-from"], "10.20.0.0/16");
        assert.strictEqual(values.priorityClassName, "high-priority");
        assert.strictEqual(values.replicaCount, 3);
    });

    it("declares the high-priority PriorityClass (1000000, not the global default)", () => {
        const pc = reg.one(T.priority).inputs;
        assert.deepStrictEqual([pc.metadata.name, pc.value, pc.globalDefault], ["high-priority", 1000000, false]);
        assert.deepStrictEqual(reg.outputs.priorityClassName.value, "high-priority");
        assert.deepStrictEqual(reg.outputs.ingressClassName.value, "nginx");
    });
});
