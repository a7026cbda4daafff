import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ALB_SSL_POLICY, ELB_LOG_DELIVERY_PRINCIPAL, LoadBalancer, type LoadBalancerArgs } from "../components/edge";
import { edgeRules } from "../policy/rules/edge";
import { networkRules } from "../policy/rules/network";
import { MOCK_ACCOUNT } from "../offline/engine/fakes";
import { checkPolicies } from "../offline/engine/policy";
import { runComponent } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

const T = {
    component: "platform:edge:LoadBalancer",
    alb: "aws:lb/loadBalancer:LoadBalancer",
    tg: "aws:lb/targetGroup:TargetGroup",
    listener: "aws:lb/listener:Listener",
    attachment: "aws:autoscaling/attachment:Attachment",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    bucket: "aws:s3/bucket:Bucket",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
};
const CERT = "arn:aws:acm:us-east-1:000000000000:certificate/mock-validated";
const ALB_SG = "sg-mock-edge-lb-alb-sg";

function declare(overrides: Partial<LoadBalancerArgs> = {}): Promise<Registry> {
    return runComponent(() => {
        const lb = new LoadBalancer("edge-lb", {
            vpcId: "vpc-mock-net",
            publicSubnetIds: pulumi.output(["subnet-mock-public-0", "subnet-mock-public-1"]),
            vpcCidr: pulumi.output("10.20.0.0/16"),
            asgNames: pulumi.output(["eks-system-asg", "eks-apps-asg"]),
            nodeGroupCount: 2,
            certificateArn: pulumi.output(CERT),
            settings: { httpNodePort: 30080, allowedCidrs: ["0.0.0.0/0"] },
            deletionProtection: true,
            accessLogRetentionDays: 90,
            ...overrides,
        });
        return {
            dnsName: lb.dnsName,
            zoneId: lb.zoneId,
            arn: lb.arn,
            arnSuffix: lb.arnSuffix,
            targetGroupArnSuffix: lb.targetGroupArnSuffix,
            securityGroupId: lb.securityGroupId,
        };
    });
}

const listener = (reg: Registry, port: number) => reg.ofType(T.listener).find((l) => l.inputs.port === port)!;

describe("edge: LoadBalancer", () => {
    let prod: Registry;
    let dev: Registry;
    before(async () => {
        prod = await declare();
        dev = await declare({
            deletionProtection: false,
            nodeGroupCount: 1,
            asgNames: ["eks-only-asg"],
            accessLogRetentionDays: 7,
            settings: { httpNodePort: 31080, allowedCidrs: ["203.0.113.0/24", "2001:db8::/32"] },
        });
    });

    it("declares the ALB, its group and rules, target group, attachments, two listeners and the log bucket, all under the component", () => {
        const counts = prod.countByType();
        assert.deepStrictEqual(
            [
                T.alb,
                T.tg,
                T.listener,
                T.attachment,
                T.sg,
                T.ingress,
                T.egress,
                T.bucket,
                T.ownership,
                T.publicAccess,
                T.sse,
                T.lifecycle,
                T.policy,
            ].map((t) => counts[t] ?? 0),
            [1, 1, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1],
        );
        assert.strictEqual(prod.descendantsOf(prod.one(T.component)).length, 16);
    });

    it("is an internet-facing application LB in the public subnets, dropping invalid headers, with desync mitigation", () => {
        const alb = prod.one(T.alb);
        assert.deepStrictEqual(
            [
                alb.inputs.loadBalancerType,
                alb.inputs.internal,
                alb.inputs.dropInvalidHeaderFields,
                alb.inputs.desyncMitigationMode,
                alb.inputs.idleTimeout,
            ],
            ["application", false, true, "defensive", 60],
        );
        assert.deepStrictEqual(alb.inputs.subnets, ["subnet-mock-public-0", "subnet-mock-public-1"]);
        assert.deepStrictEqual(alb.inputs.securityGroups, [ALB_SG]);
    });

    it("takes deletion protection and the bucket's destroy behaviour from the plain deletionProtection flag", () => {
        assert.strictEqual(prod.one(T.alb).inputs.enableDeletionProtection, true);
        assert.strictEqual(prod.one(T.bucket).inputs.forceDestroy, false);
        assert.strictEqual(dev.one(T.alb).inputs.enableDeletionProtection, false);
        assert.strictEqual(dev.one(T.bucket).inputs.forceDestroy, true);
    });

    it("logs to its own private SSE-S3 bucket that expires objects, writable by ELB log delivery, and waits for that policy", () => {
        const alb = prod.one(T.alb);
        const bucket = prod.one(T.bucket);
        assert.deepStrictEqual(alb.inputs.accessLogs, { enabled: true, bucket: bucket.outputs.bucket, prefix: "alb" });
        assert.deepStrictEqual(alb.dependsOn, [prod.one(T.policy).key]);
        assert.deepStrictEqual(prod.one(T.sse).inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        const pab = prod.one(T.publicAccess).inputs;
        assert.deepStrictEqual(
            [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
            [true, true, true, true],
        );
        assert.strictEqual(prod.one(T.ownership).inputs.rule.objectOwnership, "BucketOwnerEnforced");
        assert.deepStrictEqual(
            [prod.one(T.lifecycle).inputs.rules[0].expiration.days, prod.one(T.lifecycle).inputs.rules[0].filter],
            [90, { prefix: "alb/" }],
        );
        assert.strictEqual(dev.one(T.lifecycle).inputs.rules[0].expiration.days, 7);
        const [write, deny] = JSON.parse(prod.one(T.policy).inputs.policy).Statement;
        assert.deepStrictEqual(write.Principal, { Service: ELB_LOG_DELIVERY_PRINCIPAL });
        assert.strictEqual(write.Resource, `${bucket.outputs.arn}/alb/AWSLogs/${MOCK_ACCOUNT}/*`);
        assert.deepStrictEqual([deny.Effect, deny.Condition], ["Deny", { Bool: { "aws:SecureTransport": "false" } }]);
    });

    it("targets the HTTP NodePort on instances, health-checking the controller's endpoint on the traffic port", () => {
        const tg = prod.one(T.tg).inputs;
        assert.deepStrictEqual([tg.targetType, tg.protocol, tg.port, tg.vpcId], ["instance", "HTTP", 30080, "vpc-mock-net"]);
        assert.deepStrictEqual(
            [tg.healthCheck.path, tg.healthCheck.port, tg.healthCheck.protocol, tg.healthCheck.matcher],
            ["/nginx-health", "traffic-port", "HTTP", "200"],
        );
        assert.strictEqual(dev.one(T.tg).inputs.port, 31080);
    });

    it("attaches each node group's ASG to the target group, one attachment per node group", () => {
        const tgArn = prod.one(T.tg).outputs.arn;
        assert.deepStrictEqual(
            prod.ofType(T.attachment).map((a) => [a.name, a.inputs.autoscalingGroupName, a.inputs.lbTargetGroupArn]),
            [
                ["edge-lb-asg-0", "eks-system-asg", tgArn],
                ["edge-lb-asg-1", "eks-apps-asg", tgArn],
            ],
        );
        assert.deepStrictEqual(
            dev.ofType(T.attachment).map((a) => a.inputs.autoscalingGroupName),
            ["eks-only-asg"],
        );
    });

    it(":80 only redirects to HTTPS 443 with a 301", () => {
        const http = listener(prod, 80).inputs;
        assert.strictEqual(http.protocol, "HTTP");
        assert.deepStrictEqual(http.defaultActions, [
            { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ]);
    });

    it(":443 serves the validated certificate with the TLS 1.3/PQ policy and forwards to the target group", () => {
        const https = listener(prod, 443).inputs;
        assert.deepStrictEqual([https.protocol, https.certificateArn, https.sslPolicy], ["HTTPS", CERT, ALB_SSL_POLICY]);
        assert.strictEqual(ALB_SSL_POLICY, "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09");
        assert.deepStrictEqual(https.defaultActions, [{ type: "forward", targetGroupArn: prod.one(T.tg).outputs.arn }]);
        assert.strictEqual(https.loadBalancerArn, prod.one(T.alb).outputs.arn);
    });

    it("gives the ALB's group no inline rules: 80/443 from each allowed CIDR in, the NodePort to the VPC out", () => {
        const sg = prod.one(T.sg).inputs;
        assert.deepStrictEqual([sg.ingress, sg.egress], [undefined, undefined]);
        const albRules = (reg: Registry) =>
            reg
                .ofType(T.ingress)
                .filter((r) => r.inputs.securityGroupId === ALB_SG)
                .map((r) => `${r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6} ${r.inputs.ipProtocol}/${r.inputs.fromPort}-${r.inputs.toPort}`)
                .sort();
        assert.deepStrictEqual(albRules(prod), ["0.0.0.0/0 tcp/443-443", "0.0.0.0/0 tcp/80-80"]);
        assert.deepStrictEqual(albRules(dev), [
            "2001:db8::/32 tcp/443-443",
            "2001:db8::/32 tcp/80-80",
            "203.0.113.0/24 tcp/443-443",
            "203.0.113.0/24 tcp/80-80",
        ]);
        const egress = prod.one(T.egress).inputs;
        assert.deepStrictEqual(
            [egress.securityGroupId, egress.cidrIpv4, egress.ipProtocol, egress.fromPort, egress.toPort],
            [ALB_SG, "10.20.0.0/16", "tcp", 30080, 30080],
        );
    });

    it("declares rules on its own group only: the nodes' group is the cluster's, which admits the ALB itself", () => {
        for (const reg of [prod, dev]) {
            assert.deepStrictEqual(
                [...new Set([...reg.ofType(T.ingress), ...reg.ofType(T.egress)].map((r) => r.inputs.securityGroupId))],
                [ALB_SG],
            );
        }
    });

    it("opens nothing else to the world, and passes the edge rules and N4/N5 in prod", () => {
        const world = prod.ofType(T.ingress).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0");
        assert.ok(
            world.every(
                (r) =>
                    r.inputs.securityGroupId === ALB_SG && [80, 443].includes(r.inputs.fromPort) && r.inputs.fromPort === r.inputs.toPort,
            ),
        );
        const rules = [...edgeRules, ...networkRules.filter((r) => ["N4", "N5"].includes(r.id))];
        const violations = checkPolicies(prod, { tier: "prod", rules }).flatMap((r) => r.violations);
        assert.deepStrictEqual(violations, []);
    });

    it("exports the ALB's DNS name, zone, ARN suffixes and security group", () => {
        const o = prod.outputs;
        assert.strictEqual(o.dnsName.value, "mock-edge-lb-alb.elb.invalid");
        assert.strictEqual(o.zoneId.value, "ZMOCKALBZONE");
        assert.strictEqual(o.arnSuffix.value, "app/mock-edge-lb-alb/0123456789abcdef");
        assert.strictEqual(o.targetGroupArnSuffix.value, "targetgroup/mock-edge-lb-tg/fedcba9876543210");
        assert.strictEqual(o.securityGroupId.value, ALB_SG);
    });
});
