import { createHash } from "node:crypto";
import { mockArn, mockHost, mockId } from "../fakes";
import type { MockTable } from "./types";

/** A stable 32-hex-digit token, the shape of ACM's validation labels. */
const token = (seed: string) => createHash("md5").update(seed).digest("hex");

/**
 * ACM's domainValidationOptions as the API returns them: one entry per name on the certificate, where `*.d` and
 * `d` share the same CNAME (name and value), so a wildcard-plus-apex certificate yields two identical records.
 */
export function mockDomainValidationOptions(domainName: string, sans: string[] = []): Record<string, string>[] {
    return [domainName, ...sans].map((name) => {
        const base = name.replace(/^\*\./, "");
        return {
            domainName: name,
            resourceRecordName: `_${token(`name:${base}`)}.${base}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${token(`value:${base}`)}.mockvalidations.acm.invalid.`,
        };
    });
}

/** Mocked outputs and invokes of the edge layer's resources (owned by that layer). */
export const edge: MockTable = {
    resources: {
        "aws:lb/loadBalancer:LoadBalancer": (name) => ({
            arn: mockArn("elasticloadbalancing", `loadbalancer/app/mock-${name}/0123456789abcdef`),
            arnSuffix: `app/mock-${name}/0123456789abcdef`,
            dnsName: mockHost(name, "elb"),
            zoneId: "ZMOCKALBZONE",
        }),
        "aws:lb/targetGroup:TargetGroup": (name) => ({
            arn: mockArn("elasticloadbalancing", `targetgroup/mock-${name}/fedcba9876543210`),
            arnSuffix: `targetgroup/mock-${name}/fedcba9876543210`,
        }),
        "aws:lb/listener:Listener": (name) => ({
            arn: mockArn("elasticloadbalancing", `listener/app/mock-${name}/0123456789abcdef/0a1b2c3d`),
        }),
        "aws:s3/bucket:Bucket": (name, inputs) => {
            const bucket = inputs.bucket ?? `mock-${name}`;
            return { id: bucket, bucket, arn: `arn:aws:s3:::${bucket}` };
        },
        "aws:route53/zone:Zone": (name, inputs) => {
            const zoneId = `ZMOCK${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
            return { id: zoneId, zoneId, nameServers: [1, 2, 3, 4].map((n) => `ns-${n}.${mockHost(inputs.name ?? name, "awsdns")}`) };
        },
        // fqdn: the record's name without the trailing dot, as Route 53 reports it.
        "aws:route53/record:Record": (name, inputs) => ({
            id: mockId("record", name),
            fqdn: String(inputs.name ?? name).replace(/\.$/, ""),
        }),
        "aws:acm/certificate:Certificate": (name, inputs) => ({
            arn: mockArn("acm", `certificate/mock-${name}`),
            status: "PENDING_VALIDATION",
            domainValidationOptions: mockDomainValidationOptions(inputs.domainName, inputs.subjectAlternativeNames ?? []),
        }),
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (name) => ({ id: mockId("sgr", name) }),
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (name) => ({ id: mockId("sgr", name) }),
    },
    calls: {},
};
