import * as assert from "node:assert";
import { stackRegistry } from "../offline/engine/program";
import { Registry } from "../offline/engine/registry";

const RULE_TYPES = [
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
];

/**
 * Each security group's id with the component that owns it: a SecurityGroup's (or the VPC's default group's) parent,
 * and for EKS's cluster security group the component holding the eks.Cluster.
 */
function groupOwners(reg: Registry): Map<string, string> {
    const owners = new Map<string, string>();
    for (const type of ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"]) {
        for (const sg of reg.ofType(type)) owners.set(sg.outputs.id ?? sg.id, sg.parent!);
    }
    for (const eks of reg.ofType("eks:index:Cluster")) owners.set(eks.outputs.clusterSecurityGroupId, eks.parent!);
    return owners;
}

/** Rules declared by a component other than their group's owner, as `rule (parent) on group (owner)`. */
function misplacedRules(reg: Registry): string[] {
    const owners = groupOwners(reg);
    return RULE_TYPES.flatMap((t) => reg.ofType(t)).flatMap((rule) => {
        const group = rule.inputs.securityGroupId;
        const owner = owners.get(group);
        return owner === rule.parent ? [] : [`${rule.name} (${rule.parent}) on ${group} (${owner ?? "no known owner"})`];
    });
}

describe("security groups: the owner of each group declares every rule on it", () => {
    for (const stack of ["dev", "staging"]) {
        it(`${stack}: every rule's parent is the component that owns the group it modifies`, async () => {
            const reg = await stackRegistry(stack);
            assert.deepStrictEqual(misplacedRules(reg), []);
            // Not vacuous: the cluster's group carries the VPN's API rule and the ALB's NodePort rule.
            const clusterGroup = reg.one("eks:index:Cluster").outputs.clusterSecurityGroupId;
            const onCluster = RULE_TYPES.flatMap((t) => reg.ofType(t)).filter((r) => r.inputs.securityGroupId === clusterGroup);
            assert.deepStrictEqual(onCluster.map((r) => r.name).sort(), [
                `${stack}-cluster-api-client-0`,
                `${stack}-cluster-nodes-from-alb`,
            ]);
        });
    }

    it("names a rule declared on another component's group", async () => {
        const reg = await stackRegistry("dev");
        const rule = reg.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "dev-cluster-nodes-from-alb");
        const moved = new Registry(
            reg.resources.map((r) => (r === rule ? { ...r, parent: "platform:edge:LoadBalancer::dev-edge" } : r)),
            reg.outputs,
        );
        assert.deepStrictEqual(misplacedRules(moved), [
            `dev-cluster-nodes-from-alb (platform:edge:LoadBalancer::dev-edge) on ${rule.inputs.securityGroupId} (platform:cluster:Cluster::dev-cluster)`,
        ]);
    });
});
