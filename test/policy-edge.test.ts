import * as assert from "node:assert";
import { edgeRules } from "../policy/rules/edge";
import { runRules } from "../policy/run";
import type { PolicyResource, Tier } from "../policy/types";
import { res } from "../offline/engine/policy";

/** The messages of the edge rule `name` (ids repeat: N4 lives in network.ts too), as "<resource name>: <message>". */
function messages(name: string, resources: PolicyResource[], tier: Tier = "prod"): string[] {
    const rule = edgeRules.find((r) => r.name === name);
    if (!rule) throw new Error(`no rule ${name}`);
    const [result] = runRules(resources, { rules: [rule], tier });
    return result.violations.map((v) => `${resources.find((r) => r.urn === v.urn)?.name ?? "(stack)"}: ${v.message}`);
}

const LISTENER = "aws:lb/listener:Listener";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";
const CERT = "aws:acm/certificate:Certificate";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const forward = { type: "forward", targetGroupArn: "arn:tg" };
const alb = (props: Record<string, any> = {}) =>
    res(LB, "alb", {
        loadBalancerType: "application",
        securityGroups: ["sg-alb"],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "defensive",
        accessLogs: { enabled: true, bucket: "logs", prefix: "alb" },
        enableDeletionProtection: true,
        ...props,
    });
const tg = (props: Record<string, any> = {}) =>
    res(TG, "tg", {
        targetType: "instance",
        protocol: "HTTP",
        port: 30080,
        healthCheck: { path: "/nginx-health", matcher: "200" },
        ...props,
    });
const rule = (name: string, props: Record<string, any>) => res(INGRESS, name, { ipProtocol: "tcp", ...props });

describe("edge policy rules (policy/rules/edge.ts)", () => {
    it("declares A1-A5 and the NodePort half of N4, mandatory", () => {
        assert.deepStrictEqual(
            edgeRules.map((r) => `${r.id} ${r.name} ${r.enforcement}`),
            [
                "A1 a1-http-redirects-only mandatory",
                "A2 a2-tls-policy-allow-list mandatory",
                "A3 a3-alb-header-hygiene mandatory",
                "A4 a4-alb-logs-and-deletion-protection mandatory",
                "A5 a5-certificate-and-health-check mandatory",
                "N4 n4-nodeports-from-alb-only mandatory",
            ],
        );
    });

    describe("A1: the :80 listener only redirects to HTTPS", () => {
        it("fails a listener that forwards plain HTTP, or redirects and forwards", () => {
            assert.deepStrictEqual(
                messages("a1-http-redirects-only", [
                    res(LISTENER, "http", { port: 80, protocol: "HTTP", defaultActions: [forward] }),
                    res(LISTENER, "both", { port: 8080, protocol: "HTTP", defaultActions: [redirect, forward] }),
                    res(LISTENER, "to-http", {
                        port: 80,
                        protocol: "HTTP",
                        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }],
                    }),
                ]),
                [
                    "http: HTTP listener on port 80 must only redirect to HTTPS; it has forward action(s).",
                    "both: HTTP listener on port 8080 must only redirect to HTTPS; it has redirect, forward action(s).",
                    "to-http: HTTP listener on port 80 must only redirect to HTTPS; it has redirect action(s).",
                ],
            );
        });
        it("passes a single redirect to HTTPS, and ignores HTTPS listeners", () => {
            assert.deepStrictEqual(
                messages("a1-http-redirects-only", [
                    res(LISTENER, "http", { port: 80, protocol: "HTTP", defaultActions: [redirect] }),
                    res(LISTENER, "https", { port: 443, protocol: "HTTPS", defaultActions: [forward] }),
                ]),
                [],
            );
        });
    });

    describe("A2: HTTPS listeners name an allowed TLS policy", () => {
        it("fails a missing or outdated sslPolicy", () => {
            assert.deepStrictEqual(
                messages("a2-tls-policy-allow-list", [
                    res(LISTENER, "default", { port: 443, protocol: "HTTPS" }),
                    res(LISTENER, "old", { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" }),
                ]),
                [
                    "default: HTTPS listener has no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0); set ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09.",
                    "old: sslPolicy ELBSecurityPolicy-2016-08 is not on the allow-list (ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, ELBSecurityPolicy-TLS13-1-2-2021-06).",
                ],
            );
        });
        it("passes both allowed policies", () => {
            assert.deepStrictEqual(
                messages("a2-tls-policy-allow-list", [
                    res(LISTENER, "pq", { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" }),
                    res(LISTENER, "floor", { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
                ]),
                [],
            );
        });
    });

    describe("A3: invalid headers dropped, desync mitigated", () => {
        it("fails an ALB that keeps invalid headers and only monitors desync, or leaves the mode undeclared", () => {
            assert.deepStrictEqual(
                messages("a3-alb-header-hygiene", [alb({ dropInvalidHeaderFields: false, desyncMitigationMode: "monitor" })]),
                [
                    "alb: dropInvalidHeaderFields is not true; malformed headers would reach the targets.",
                    'alb: desyncMitigationMode is "monitor"; declare "defensive" or "strictest".',
                ],
            );
            assert.deepStrictEqual(messages("a3-alb-header-hygiene", [alb({ desyncMitigationMode: undefined })]), [
                'alb: desyncMitigationMode is not set; declare "defensive" or "strictest".',
            ]);
        });
        it("passes defensive and strictest, and ignores network load balancers", () => {
            assert.deepStrictEqual(
                messages("a3-alb-header-hygiene", [
                    alb(),
                    alb({ desyncMitigationMode: "strictest" }),
                    res(LB, "nlb", { loadBalancerType: "network" }),
                ]),
                [],
            );
        });
    });

    describe("A4: access logs; deletion protection outside dev", () => {
        it("fails an ALB without logs, and without deletion protection in staging", () => {
            assert.deepStrictEqual(
                messages(
                    "a4-alb-logs-and-deletion-protection",
                    [alb({ accessLogs: undefined, enableDeletionProtection: false })],
                    "staging",
                ),
                [
                    "alb: access logs are off; set accessLogs { enabled: true, bucket }.",
                    "alb: deletion protection is off in staging; set enableDeletionProtection: true.",
                ],
            );
            assert.deepStrictEqual(messages("a4-alb-logs-and-deletion-protection", [alb({ accessLogs: { bucket: "logs" } })], "dev"), [
                "alb: access logs are off; set accessLogs { enabled: true, bucket }.",
            ]);
        });
        it("passes logs with protection in prod, and logs without protection in dev", () => {
            assert.deepStrictEqual(messages("a4-alb-logs-and-deletion-protection", [alb()], "prod"), []);
            assert.deepStrictEqual(messages("a4-alb-logs-and-deletion-protection", [alb({ enableDeletionProtection: false })], "dev"), []);
        });
    });

    describe("A5: DNS-validated wildcard-plus-apex certificate; explicit health check path", () => {
        it("fails e-mail validation, a wildcard without its apex, a certificate without wildcard, and default or missing health checks", () => {
            assert.deepStrictEqual(
                messages("a5-certificate-and-health-check", [
                    res(CERT, "email", {
                        domainName: "*.dev.domain.io",
                        subjectAlternativeNames: ["dev.domain.io"],
                        validationMethod: "EMAIL",
                    }),
                    res(CERT, "no-apex", { domainName: "*.dev.domain.io", validationMethod: "DNS" }),
                    res(CERT, "no-wildcard", { domainName: "dev.domain.io", validationMethod: "DNS" }),
                    tg({ name: "root", healthCheck: { path: "/" } }),
                    tg({ healthCheck: undefined }),
                    tg({ healthCheck: { enabled: false, path: "/nginx-health" } }),
                ]),
                [
                    'email: validationMethod is "EMAIL"; use DNS, which renews without anyone clicking an e-mail.',
                    "no-apex: covers *.dev.domain.io but not its apex dev.domain.io.",
                    "no-wildcard: covers dev.domain.io but no wildcard; the environment's hosts need *.<domain>.",
                    "tg: health check path is /; point it at the ingress controller's health endpoint (/nginx-health).",
                    "tg: health check path is not set; point it at the ingress controller's health endpoint (/nginx-health).",
                    "tg: health checks are disabled.",
                ],
            );
        });
        it("passes the environment's certificate (either way round), an imported one, and the controller's health path", () => {
            assert.deepStrictEqual(
                messages("a5-certificate-and-health-check", [
                    res(CERT, "env", {
                        domainName: "*.dev.domain.io",
                        subjectAlternativeNames: ["dev.domain.io"],
                        validationMethod: "DNS",
                    }),
                    res(CERT, "apex-first", {
                        domainName: "dev.domain.io",
                        subjectAlternativeNames: ["*.dev.domain.io"],
                        validationMethod: "DNS",
                    }),
                    res(CERT, "imported", { certificateBody: "-----BEGIN CERTIFICATE-----", privateKey: "x" }),
                    tg(),
                    res(TG, "nlb-tg", { protocol: "TCP", port: 443 }),
                ]),
                [],
            );
        });
    });

    describe("N4: nodes take NodePorts only from the ALB's security group", () => {
        it("fails NodePorts open to CIDRs (world or VPC, or all traffic), and an ALB admitted wider than its target port", () => {
            assert.deepStrictEqual(
                messages("n4-nodeports-from-alb-only", [
                    alb(),
                    tg(),
                    rule("world", { securityGroupId: "sg-nodes", cidrIpv4: "0.0.0.0/0", fromPort: 30080, toPort: 30080 }),
                    rule("vpc-all", { securityGroupId: "sg-nodes", cidrIpv4: "10.20.0.0/16", ipProtocol: "-1" }),
                    rule("alb-range", { securityGroupId: "sg-nodes", referencedSecurityGroupId: "sg-alb", fromPort: 30000, toPort: 32767 }),
                    rule("alb-https", { securityGroupId: "sg-nodes", referencedSecurityGroupId: "sg-alb", fromPort: 30443, toPort: 30443 }),
                    res(
                        "aws:ec2/securityGroup:SecurityGroup",
                        "inline",
                        { ingress: [{ protocol: "tcp", fromPort: 30443, toPort: 30443, cidrBlocks: ["192.0.2.0/24"] }] },
                        { id: "sg-inline" },
                    ),
                ]),
                [
                    "inline: opens 30443-30443/tcp (NodePort range) to 192.0.2.0/24; NodePorts take traffic only from the ALB's security group.",
                    "world: opens 30080-30080/tcp (NodePort range) to 0.0.0.0/0; NodePorts take traffic only from the ALB's security group.",
                    "vpc-all: opens 0-65535/-1 (NodePort range) to 10.20.0.0/16; NodePorts take traffic only from the ALB's security group.",
                    "alb-range: admits the ALB's group on 30000-32767/tcp; admit it on the target group's NodePort (30080) only.",
                    "alb-https: admits the ALB's group on 30443-30443/tcp; admit it on the target group's NodePort (30080) only.",
                ],
            );
        });
        it("passes the ALB's group on the target port, the ALB's own 80/443, and non-NodePort rules from other groups", () => {
            assert.deepStrictEqual(
                messages("n4-nodeports-from-alb-only", [
                    alb(),
                    tg(),
                    rule("nodes-from-alb", {
                        securityGroupId: "sg-nodes",
                        referencedSecurityGroupId: "sg-alb",
                        fromPort: 30080,
                        toPort: 30080,
                    }),
                    rule("alb-https", { securityGroupId: "sg-alb", cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 }),
                    rule("db-from-nodes", {
                        securityGroupId: "sg-db",
                        referencedSecurityGroupId: "sg-nodes",
                        fromPort: 5432,
                        toPort: 5432,
                    }),
                    rule("control-plane", {
                        securityGroupId: "sg-nodes",
                        referencedSecurityGroupId: "sg-cluster",
                        fromPort: 1025,
                        toPort: 65535,
                    }),
                ]),
                [],
            );
        });
    });
});
