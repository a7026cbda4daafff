import * as assert from "node:assert";
import { runComponent } from "../offline/engine/program";
import { Network } from "../components/network";

describe("harness", () => {
    it("records parents, providers and secret inputs of a component's children", async () => {
        const aws = await import("@pulumi/aws");
        const pulumi = await import("@pulumi/pulumi");
        const reg = await runComponent(() => {
            const n = new Network("n", {
                cidr: "10.0.0.0/16",
                azCount: 2,
                publicSubnetCidrs: ["10.0.192.0/20", "10.0.208.0/20"],
                privateSubnetCidrs: ["10.0.0.0/18", "10.0.64.0/18"],
                natGateways: "single",
                flowLogRetentionDays: 7,
                clusterName: "c",
            });
            new aws.ssm.Parameter("p", { type: "SecureString", value: pulumi.secret("s3cr3t") }, { parent: n });
            return { vpcId: n.vpcId };
        });
        const vpc = reg.one("aws:ec2/vpc:Vpc");
        assert.strictEqual(vpc.parent, "platform:network:Network::n");
        assert.deepStrictEqual(reg.one("aws:ssm/parameter:Parameter").secretPaths, ["value"]);
        assert.strictEqual(reg.outputs.vpcId.value, "vpc-mock-n-vpc");
    });
});
