import { MOCK_ACCOUNT, MOCK_REGION, mockArn, mockCaller, mockId } from "../fakes";
import type { MockTable } from "./types";

/**
 * us-east-1 as one account sees it: names map to zone IDs in no particular order, and the third name is use1-az3,
 * which EKS and MSK refuse. The first two are usable, as they must be for a stack EKS once accepted.
 */
export const MOCK_ZONES = [
    { name: `${MOCK_REGION}a`, zoneId: "use1-az4" },
    { name: `${MOCK_REGION}b`, zoneId: "use1-az6" },
    { name: `${MOCK_REGION}c`, zoneId: "use1-az3" },
    { name: `${MOCK_REGION}d`, zoneId: "use1-az1" },
    { name: `${MOCK_REGION}e`, zoneId: "use1-az2" },
    { name: `${MOCK_REGION}f`, zoneId: "use1-az5" },
];

export const network: MockTable = {
    resources: {
        "aws:ec2/vpc:Vpc": (name) => ({ id: mockId("vpc", name) }),
        "aws:ec2/subnet:Subnet": (name) => ({ id: mockId("subnet", name) }),
        "aws:ec2/securityGroup:SecurityGroup": (name) => ({ id: mockId("sg", name) }),
        "aws:ec2/natGateway:NatGateway": (name) => ({ id: mockId("nat", name) }),
        "aws:ec2/routeTable:RouteTable": (name) => ({ id: mockId("rtb", name) }),
        "aws:ec2/internetGateway:InternetGateway": (name) => ({ id: mockId("igw", name) }),
        "aws:ec2/eip:Eip": (name) => ({ id: mockId("eipalloc", name), publicIp: "192.0.2.10" }),
        "aws:cloudwatch/logGroup:LogGroup": (name, inputs) => ({ arn: mockArn("logs", `log-group:${inputs.name ?? name}`) }),
        "aws:iam/role:Role": (name, inputs) => ({
            arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${inputs.name ?? `mock-${name}`}`,
            name: inputs.name ?? `mock-${name}`,
        }),
        "aws:kms/key:Key": (name) => ({ arn: mockArn("kms", `key/mock-${name}`), keyId: `mock-${name}` }),
    },
    calls: {
        "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
            names: MOCK_ZONES.map((z) => z.name),
            zoneIds: MOCK_ZONES.map((z) => z.zoneId),
        }),
        "aws:index/getRegion:getRegion": () => ({ name: MOCK_REGION, region: MOCK_REGION, id: MOCK_REGION }),
        "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: MOCK_ACCOUNT, arn: mockCaller.arn, userId: "MOCKUSERID" }),
        "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
    },
};
