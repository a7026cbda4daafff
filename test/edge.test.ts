import * as assert from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AliasRecords, Dns, IngressController, LoadBalancer } from "../components/edge";
import { edgeRules } from "../policy/rules/edge";
import { networkRules } from "../policy/rules/network";
import { checkPolicies } from "../offline/engine/policy";
import { runComponent } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

const DOMAIN = "staging.domain.io";
const settings = { httpNodePort: 30080, httpsNodePort: 30443, replicas: 3, allowedCidrs: ["0.0.0.0/0"] };

/** The edge layer wired as index.ts wires it: certificate first, then the ALB, then aliases and the controller. */
function declareEdge(): Promise<Registry> {
    return runComponent(() => {
        const provider = new k8s.Provider("staging-cluster-k8s", { kubeconfig: "{}" });
        const dns = new Dns("staging-dns", { domain: DOMAIN, parentZoneId: "ZPARENT", hosts: ["auth", "grafana"], protect: true });
        const lb = new LoadBalancer("staging-edge", {
            vpcId: "vpc-mock-staging",
            publicSubnetIds: ["subnet-mock-public-0", "subnet-mock-public-1"],
            vpcCidr: "10.20.0.0/16",
            asgNames: pulumi.output(["asg-a", "asg-b", "asg-c"]),
            nodeGroupCount: 3,
            certificateArn: dns.certificateArn,
            settings,
            deletionProtection: true,
            accessLogRetentionDays: 30,
        });
        new AliasRecords("staging-aliases", {
            zoneId: dns.zoneId,
            domain: dns.domain,
            hosts: dns.hosts,
            target: { dnsName: lb.dnsName, zoneId: lb.zoneId },
        });
        const ingress = new IngressController(
            "staging-ingress",
            {
                namespace: "kube-ingress",
                settings,
                vpcCidr: "10.20.0.0/16",
                externalStatusAddress: lb.dnsName,
            },
            { provider },
        );
        return { certificateArn: dns.certificateArn, dnsName: lb.dnsName, healthCheckPath: ingress.healthCheckPath };
    });
}

describe("edge: the layer wired together", () => {
    let reg: Registry;
    before(async () => {
        reg = await declareEdge();
    });

    it("serves the certificate that the CertificateValidation returns on :443", () => {
        const https = reg.ofType("aws:lb/listener:Listener").find((l) => l.inputs.protocol === "HTTPS")!;
        assert.strictEqual(https.inputs.certificateArn, reg.outputs.certificateArn.value);
        assert.strictEqual(https.inputs.certificateArn, reg.one("aws:acm/certificate:Certificate").outputs.arn);
    });

    it("aliases every host to the ALB and reports the ALB's name in Ingress status", () => {
        const alb = reg.one("aws:lb/loadBalancer:LoadBalancer").outputs;
        const aliases = reg.ofType("aws:route53/record:Record").filter((r) => r.inputs.type === "A");
        assert.deepStrictEqual(
            aliases.map((r) => [r.inputs.name, r.inputs.zoneId, r.inputs.aliases[0].name, r.inputs.aliases[0].zoneId]),
            [
                [`auth.${DOMAIN}`, reg.one("aws:route53/zone:Zone").outputs.zoneId, alb.dnsName, alb.zoneId],
                [`grafana.${DOMAIN}`, reg.one("aws:route53/zone:Zone").outputs.zoneId, alb.dnsName, alb.zoneId],
            ],
        );
        const entries = reg.one("kubernetes:helm.sh/v3:Release").inputs.values.controller.config.entries;
        assert.strictEqual(entries["external-status-address"], alb.dnsName);
    });

    it("checks the same path and port that the controller serves its health endpoint on", () => {
        const tg = reg.one("aws:lb/targetGroup:TargetGroup").inputs;
        const controller = reg.one("kubernetes:helm.sh/v3:Release").inputs.values.controller;
        assert.strictEqual(tg.healthCheck.path, controller.healthStatusURI);
        assert.strictEqual(tg.healthCheck.path, reg.outputs.healthCheckPath.value);
        assert.strictEqual(tg.port, controller.service.httpPort.nodePort);
        assert.strictEqual(reg.ofType("aws:autoscaling/attachment:Attachment").length, 3);
    });

    it("passes every edge rule and N4/N5 in prod", () => {
        const rules = [...edgeRules, ...networkRules.filter((r) => ["N4", "N5"].includes(r.id))];
        assert.deepStrictEqual(
            checkPolicies(reg, { tier: "prod", rules }).flatMap((r) => r.violations),
            [],
        );
    });
});
