import * as assert from "node:assert";
const aslValidator: (definition: unknown) => { isValid: boolean; errorsText(separator?: string): string } = require("asl-validator");
import {
    ASSOCIATE_TARGET,
    ClientVpn,
    type TargetNetwork,
    type TargetNetworkApi,
    releaseAssociations,
    releaseCallback,
    releaseDefinition,
    releaseTarget,
} from "../components/vpn";
import { DEFAULT_OFFICE_HOURS, cronAt, expandDays, officeHoursProblems, parseCron, weeklyHours } from "../stacks/schedule";
import { boundHooks } from "../offline/engine/mocks";
import { runComponent } from "../offline/engine/program";
import type { Registry, RecordedResource } from "../offline/engine/registry";

const SCHEDULE = "aws:scheduler/schedule:Schedule";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const SUBNETS = ["subnet-mock-private-0", "subnet-mock-private-1", "subnet-mock-private-2"];
const ENDPOINT_ID = "cvpn-endpoint-mock-dev-vpn-endpoint";
const ENDPOINT_ARN = `arn:aws:ec2:us-east-1:000000000000:client-vpn-endpoint/${ENDPOINT_ID}`;

/** A Client VPN endpoint's target networks, moving through AWS's states one call at a time. */
class FakeTargets implements TargetNetworkApi {
    readonly calls: string[] = [];
    constructor(public targets: TargetNetwork[]) {}
    async list(endpointId: string): Promise<TargetNetwork[]> {
        this.calls.push(`list ${endpointId}`);
        const now = this.targets.map((t) => ({ ...t }));
        // What the next call will see: each transition takes one poll.
        const next: Record<string, string> = { associating: "associated", disassociating: "disassociated" };
        this.targets = this.targets.map((t) => ({ ...t, status: next[t.status] ?? t.status }));
        return now;
    }
    async disassociate(endpointId: string, associationId: string): Promise<void> {
        this.calls.push(`disassociate ${endpointId} ${associationId}`);
        this.targets = this.targets.map((t) => (t.associationId === associationId ? { ...t, status: "disassociating" } : t));
    }
}

const fast = { pollMs: 0, sleep: async () => undefined };

describe("access: office hours, plain helpers", () => {
    const days: [string, number[] | RegExp][] = [
        ["MON-FRI", [1, 2, 3, 4, 5]],
        ["MON,WED,FRI", [1, 3, 5]],
        ["SAT,SUN", [0, 6]],
        ["SUN-SAT", [0, 1, 2, 3, 4, 5, 6]],
        ["MON-WED,TUE-THU", [1, 2, 3, 4]],
        ["mon-fri", /is not a list of days/],
        ["FRI-MON", /runs backwards/],
        ["", /is not a list of days/],
    ];
    for (const [text, expected] of days) {
        it(`expandDays(${JSON.stringify(text)})`, () => {
            const got = expandDays(text);
            if (expected instanceof RegExp) assert.match(String(got), expected);
            else assert.deepStrictEqual(got, expected);
        });
    }

    it("cronAt writes EventBridge's six-field cron, and parseCron reads it back", () => {
        assert.strictEqual(cronAt("08:00", "MON-FRI"), "cron(0 8 ? * MON-FRI *)");
        assert.strictEqual(cronAt("17:30", "MON,WED"), "cron(30 17 ? * MON,WED *)");
        assert.deepStrictEqual(parseCron("cron(30 17 ? * MON,WED *)"), { minutes: 17 * 60 + 30, days: [1, 3], dayField: "MON,WED" });
        assert.strictEqual(parseCron("rate(1 hour)"), undefined);
        assert.strictEqual(parseCron("cron(0 25 ? * MON *)"), undefined);
    });

    it("weeklyHours: the default window is 50 h; a bad one throws", () => {
        assert.strictEqual(weeklyHours(DEFAULT_OFFICE_HOURS), 50);
        assert.strictEqual(weeklyHours({ days: "MON,WED,FRI", start: "09:00", end: "17:00", timezone: "UTC" }), 24);
        assert.throws(() => weeklyHours({ ...DEFAULT_OFFICE_HOURS, end: "08:00" }), /invalid office hours/);
    });

    it("officeHoursProblems names each field with its fix", () => {
        assert.deepStrictEqual(officeHoursProblems(DEFAULT_OFFICE_HOURS), []);
        assert.deepStrictEqual(officeHoursProblems({ days: "MON-FRI", start: "18:00", end: "24:00", timezone: "Europe/Berlin" }), [
            { field: "end", what: "is not a 24-hour time. Use HH:MM, such as 18:00.", use: "18:00" },
        ]);
        assert.deepStrictEqual(
            officeHoursProblems({ days: "MON-FRI", start: "18:00", end: "08:00", timezone: "UTC" }).map((p) => p.field),
            ["end"],
        );
        assert.deepStrictEqual(officeHoursProblems({ ...DEFAULT_OFFICE_HOURS, timezone: "europe/berlin" }), [
            { field: "timezone", what: "is not written as the IANA database writes it. Use Europe/Berlin.", use: "Europe/Berlin" },
        ]);
        assert.deepStrictEqual(officeHoursProblems({ ...DEFAULT_OFFICE_HOURS, timezone: "US/Eastern" }), []);
    });

    it("the release workflow is valid Amazon States Language", () => {
        const { isValid, errorsText } = aslValidator(JSON.parse(releaseDefinition("cvpn-endpoint-0abc")));
        assert.ok(isValid, errorsText("\n"));
        // The validator catches what this file could get wrong by hand: a state that points nowhere.
        const broken = JSON.parse(releaseDefinition("cvpn-endpoint-0abc"));
        broken.States.List.Next = "Nowhere";
        assert.strictEqual(aslValidator(broken).isValid, false);
    });

    it("the release workflow lists the endpoint's networks and disassociates only associated ones", () => {
        const def = JSON.parse(releaseDefinition("cvpn-endpoint-0abc"));
        assert.strictEqual(def.StartAt, "List");
        assert.deepStrictEqual(def.States.List.Parameters, { ClientVpnEndpointId: "cvpn-endpoint-0abc" });
        assert.strictEqual(def.States.List.Resource, "arn:aws:states:::aws-sdk:ec2:describeClientVpnTargetNetworks");
        assert.strictEqual(def.States.EachAssociation.ItemsPath, "$.ClientVpnTargetNetworks");
        const inner = def.States.EachAssociation.ItemProcessor.States;
        assert.deepStrictEqual(inner.IsAssociated.Choices, [
            { Variable: "$.Status.Code", StringEquals: "associated", Next: "Disassociate" },
            { Variable: "$.Status.Code", StringEquals: "associating", Next: "WaitForAssociation" },
        ]);
        assert.strictEqual(inner.IsAssociated.Default, "Skip");
        // An association still being made is re-read until it can be disassociated.
        assert.deepStrictEqual([inner.WaitForAssociation.Next, inner.Recheck.Next], ["Recheck", "IsAssociated"]);
        assert.deepStrictEqual(inner.Recheck.Parameters, {
            ClientVpnEndpointId: "cvpn-endpoint-0abc",
            "AssociationIds.$": "States.Array($.AssociationId)",
        });
        assert.deepStrictEqual(inner.Disassociate.Parameters, {
            ClientVpnEndpointId: "cvpn-endpoint-0abc",
            "AssociationId.$": "$.AssociationId",
        });
        assert.strictEqual(inner.Disassociate.Resource, "arn:aws:states:::aws-sdk:ec2:disassociateClientVpnTargetNetwork");
    });
});

describe("access: releaseAssociations", () => {
    const net = (associationId: string, subnetId: string, status: string): TargetNetwork => ({ associationId, subnetId, status });

    it("disassociates the subnet's association and waits until AWS reports it gone", async () => {
        const api = new FakeTargets([net("a-0", "subnet-0", "associated"), net("a-1", "subnet-1", "associated")]);
        assert.strictEqual(await releaseAssociations(api, "cvpn-1", "subnet-0", fast), 1);
        assert.deepStrictEqual(api.calls, ["list cvpn-1", "disassociate cvpn-1 a-0", "list cvpn-1", "list cvpn-1"]);
        assert.deepStrictEqual(
            api.targets.map((t) => t.status),
            ["disassociated", "associated"],
        );
    });

    it("waits for an association still being made before disassociating it", async () => {
        const api = new FakeTargets([net("a-0", "subnet-0", "associating")]);
        assert.strictEqual(await releaseAssociations(api, "cvpn-1", "subnet-0", fast), 1);
        assert.deepStrictEqual(api.calls, ["list cvpn-1", "list cvpn-1", "disassociate cvpn-1 a-0", "list cvpn-1", "list cvpn-1"]);
    });

    it("releases every subnet when none is named, and does nothing when nothing is associated", async () => {
        const api = new FakeTargets([
            net("a-0", "subnet-0", "associated"),
            net("a-1", "subnet-1", "associated"),
            net("a-2", "subnet-2", "association-failed"),
        ]);
        assert.strictEqual(await releaseAssociations(api, "cvpn-1", undefined, fast), 2);
        const idle = new FakeTargets([net("a-9", "subnet-0", "disassociated")]);
        assert.strictEqual(await releaseAssociations(idle, "cvpn-1", "subnet-0", fast), 0);
        assert.deepStrictEqual(idle.calls, ["list cvpn-1"]);
    });

    it("gives up after the timeout, naming what is left and the manual fix", async () => {
        const stuck: TargetNetworkApi = {
            list: async () => [net("a-0", "subnet-0", "disassociating")],
            disassociate: async () => undefined,
        };
        await assert.rejects(releaseAssociations(stuck, "cvpn-1", "subnet-0", { ...fast, timeoutMs: -1 }), {
            message:
                "Client VPN cvpn-1: associations still not released after the timeout: a-0 (subnet-0, disassociating). Disassociate them with `aws ec2 disassociate-client-vpn-target-network` and run the operation again.",
        });
    });
});

describe("access: ClientVpn in office hours", () => {
    let reg: Registry;
    const regions: string[] = [];
    const fake = new FakeTargets([
        { associationId: "a-0", subnetId: SUBNETS[0], status: "disassociated" },
        { associationId: "a-1", subnetId: SUBNETS[1], status: "disassociated" },
    ]);
    before(async () => {
        reg = await runComponent(() => {
            const v = new ClientVpn("dev-vpn", {
                vpcId: "vpc-mock-dev",
                vpcCidr: "10.10.0.0/16",
                subnetIds: SUBNETS,
                domain: "dev.example.com",
                logRetentionDays: 7,
                protect: false,
                settings: {
                    enabled: true,
                    clientCidr: "10.250.0.0/22",
                    subnetAssociations: 2,
                    alwaysOn: false,
                    officeHours: { days: "MON-FRI", start: "07:30", end: "19:00", timezone: "Europe/Berlin" },
                },
                releaseApi: async (region) => {
                    regions.push(region);
                    return fake;
                },
            });
            return { associateNow: v.associateNowCommands, releaseNow: v.releaseNowCommand };
        });
    });
    const start = (i: number) => reg.one(SCHEDULE, `dev-vpn-office-hours-start-${i}`);
    const policy = (name: string) => JSON.parse(reg.one(ROLE_POLICY, name).inputs.policy);

    it("declares no Pulumi-owned association, but schedules, a workflow and their roles under one component", () => {
        const component = reg.one("platform:vpn:OfficeHoursAssociations", "dev-vpn-office-hours");
        assert.strictEqual(component.parent, "platform:vpn:ClientVpn::dev-vpn");
        assert.strictEqual(reg.ofType("aws:ec2clientvpn/networkAssociation:NetworkAssociation").length, 0);
        const counts: Record<string, number> = {};
        for (const r of reg.childrenOf(component)) counts[r.type] = (counts[r.type] ?? 0) + 1;
        assert.deepStrictEqual(counts, {
            "aws:iam/role:Role": 2,
            [ROLE_POLICY]: 2,
            "aws:sfn/stateMachine:StateMachine": 1,
            "aws:scheduler/scheduleGroup:ScheduleGroup": 1,
            [SCHEDULE]: 3,
        });
    });

    it("associates each subnet at the start, in the stack's time zone, through the universal target", () => {
        const role = reg.one("aws:iam/role:Role", "dev-vpn-office-hours-scheduler");
        [0, 1].forEach((i) => {
            const s = start(i).inputs;
            assert.deepStrictEqual(
                [s.scheduleExpression, s.scheduleExpressionTimezone, s.flexibleTimeWindow],
                ["cron(30 7 ? * MON-FRI *)", "Europe/Berlin", { mode: "OFF" }],
            );
            assert.strictEqual(s.target.arn, ASSOCIATE_TARGET);
            assert.strictEqual(s.target.roleArn, role.outputs.arn);
            assert.deepStrictEqual(JSON.parse(s.target.input), { ClientVpnEndpointId: ENDPOINT_ID, SubnetId: SUBNETS[i] });
            assert.strictEqual(s.groupName, reg.one("aws:scheduler/scheduleGroup:ScheduleGroup").outputs.name);
        });
    });

    it("starts the release workflow at the end", () => {
        const stop = reg.one(SCHEDULE, "dev-vpn-office-hours-stop").inputs;
        const workflow = reg.one("aws:sfn/stateMachine:StateMachine");
        assert.deepStrictEqual([stop.scheduleExpression, stop.scheduleExpressionTimezone], ["cron(0 19 ? * MON-FRI *)", "Europe/Berlin"]);
        assert.strictEqual(stop.target.arn, workflow.outputs.arn);
        assert.strictEqual(workflow.inputs.definition, releaseDefinition(ENDPOINT_ID));
        assert.strictEqual(workflow.inputs.type, "STANDARD");
        assert.strictEqual(workflow.inputs.roleArn, reg.one("aws:iam/role:Role", "dev-vpn-office-hours-release").outputs.arn);
    });

    it("scopes both roles to this account, this endpoint, its subnets and its workflow", () => {
        const groupArn = reg.one("aws:scheduler/scheduleGroup:ScheduleGroup").outputs.arn;
        assert.match(groupArn, /^arn:aws:scheduler:us-east-1:000000000000:schedule-group\//);
        for (const [name, service, condition] of [
            ["dev-vpn-office-hours-scheduler", "scheduler.amazonaws.com", { ArnEquals: { "aws:SourceArn": groupArn } }],
            [
                "dev-vpn-office-hours-release",
                "states.amazonaws.com",
                { ArnLike: { "aws:SourceArn": "arn:aws:states:us-east-1:000000000000:stateMachine:*" } },
            ],
        ] as const) {
            const trust = JSON.parse(reg.one("aws:iam/role:Role", name).inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement, [
                {
                    Effect: "Allow",
                    Principal: { Service: service },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": "000000000000" }, ...condition },
                },
            ]);
        }
        assert.deepStrictEqual(policy("dev-vpn-office-hours-scheduler").Statement, [
            {
                Effect: "Allow",
                Action: "ec2:AssociateClientVpnTargetNetwork",
                Resource: [ENDPOINT_ARN, ...SUBNETS.slice(0, 2).map((s) => `arn:aws:ec2:us-east-1:000000000000:subnet/${s}`)],
            },
            { Effect: "Allow", Action: "states:StartExecution", Resource: reg.one("aws:sfn/stateMachine:StateMachine").outputs.arn },
        ]);
        assert.deepStrictEqual(policy("dev-vpn-office-hours-release").Statement, [
            {
                Effect: "Allow",
                Action: ["ec2:DescribeClientVpnTargetNetworks", "ec2:DisassociateClientVpnTargetNetwork"],
                Resource: ENDPOINT_ARN,
            },
        ]);
    });

    it("binds the release hook before the deletion of each start schedule and of the endpoint, and nowhere else", () => {
        const hooked = reg.resources.filter((r: RecordedResource) => Object.keys(r.hooks ?? {}).length > 0);
        const hook = ["dev-vpn-release-associations"];
        assert.deepStrictEqual(Object.fromEntries(hooked.map((r) => [r.name, r.hooks])), {
            "dev-vpn-endpoint": { beforeDelete: hook },
            // Before an update too: a start schedule moved to a new subnet must release the old one.
            "dev-vpn-office-hours-start-0": { beforeDelete: hook, beforeUpdate: hook },
            "dev-vpn-office-hours-start-1": { beforeDelete: hook, beforeUpdate: hook },
        });
        assert.deepStrictEqual(reg.registeredHooks, hook);
    });

    it("the bound hook reads the schedule's state and asks EC2 in the schedule's region", async () => {
        const hook = boundHooks.get("dev-vpn-release-associations");
        assert.ok(hook, "hook not bound");
        await hook.callback({
            urn: "urn",
            id: "id",
            name: start(1).name,
            type: SCHEDULE,
            oldInputs: start(1).inputs,
            oldOutputs: start(1).outputs,
        });
        assert.deepStrictEqual(regions, ["us-east-1"]);
        assert.deepStrictEqual(fake.calls, [`list ${ENDPOINT_ID}`]);
    });

    it("exports the commands that associate now and release now", () => {
        assert.deepStrictEqual(reg.outputs.associateNow, {
            value: SUBNETS.slice(0, 2).map(
                (s) =>
                    `aws ec2 associate-client-vpn-target-network --region us-east-1 --client-vpn-endpoint-id ${ENDPOINT_ID} --subnet-id ${s}`,
            ),
            secret: false,
        });
        assert.strictEqual(
            reg.outputs.releaseNow.value,
            `aws stepfunctions start-execution --region us-east-1 --state-machine-arn ${reg.one("aws:sfn/stateMachine:StateMachine").outputs.arn}`,
        );
    });
});

describe("access: the release hook's callback", () => {
    const input = (subnetId: string) => JSON.stringify({ ClientVpnEndpointId: "cvpn-9", SubnetId: subnetId });

    it("takes endpoint and subnet from a schedule's input and the region from its ARN", () => {
        assert.deepStrictEqual(
            releaseTarget({
                type: SCHEDULE,
                id: "s",
                oldInputs: { target: { input: input("subnet-9") } },
                oldOutputs: { arn: "arn:aws:scheduler:eu-west-1:111111111111:schedule/g/s" },
            }),
            { endpointId: "cvpn-9", subnetId: "subnet-9", region: "eu-west-1" },
        );
        assert.throws(() => releaseTarget({ type: SCHEDULE, id: "s", oldInputs: {}, oldOutputs: {} }), {
            message: "release hook: the schedule's state has no target input or ARN (input undefined, arn undefined).",
        });
    });

    it("releases every subnet of an endpoint being deleted", () => {
        assert.deepStrictEqual(
            releaseTarget({
                type: "aws:ec2clientvpn/endpoint:Endpoint",
                id: "cvpn-7",
                oldInputs: {},
                oldOutputs: { arn: "arn:aws:ec2:ap-south-1:1:client-vpn-endpoint/cvpn-7" },
            }),
            { endpointId: "cvpn-7", region: "ap-south-1" },
        );
        assert.throws(
            () => releaseTarget({ type: "aws:ec2clientvpn/endpoint:Endpoint", id: "", oldInputs: {}, oldOutputs: {} }),
            /the endpoint's state has no id or ARN/,
        );
    });

    const twoSubnets = () =>
        new FakeTargets([
            { associationId: "a-0", subnetId: "subnet-0", status: "associated" },
            { associationId: "a-1", subnetId: "subnet-1", status: "associated" },
        ]);
    const scheduleArgs = (subnetId: string, newSubnetId?: string) => ({
        urn: "urn",
        id: "id",
        name: "s",
        type: SCHEDULE,
        oldInputs: { target: { input: input(subnetId) } },
        oldOutputs: { arn: "arn:aws:scheduler:us-west-2:1:schedule/g/s" },
        newInputs: newSubnetId ? { target: { input: input(newSubnetId) } } : undefined,
    });

    it("leaves alone a subnet whose association Pulumi owns now (switched to always-on)", async () => {
        const api = twoSubnets();
        await releaseCallback(async () => api, { ...fast, pulumiOwnedSubnets: () => new Set(["subnet-1"]) })(scheduleArgs("subnet-1"));
        assert.deepStrictEqual(
            api.targets.map((t) => t.status),
            ["associated", "associated"],
        );
        assert.deepStrictEqual(api.calls, ["list cvpn-9"]);
    });

    it("before an update, releases the old subnet only when the schedule moves to another one", async () => {
        const api = twoSubnets();
        await releaseCallback(async () => api, fast)(scheduleArgs("subnet-0", "subnet-0"));
        assert.deepStrictEqual(api.calls, []);
        await releaseCallback(async () => api, fast)(scheduleArgs("subnet-0", "subnet-1"));
        assert.deepStrictEqual(
            api.targets.map((t) => t.status),
            ["disassociated", "associated"],
        );
    });

    it("releases the schedule's own subnet and no other", async () => {
        const api = new FakeTargets([
            { associationId: "a-0", subnetId: "subnet-0", status: "associated" },
            { associationId: "a-1", subnetId: "subnet-1", status: "associated" },
        ]);
        const regions: string[] = [];
        const callback = releaseCallback(async (region) => {
            regions.push(region);
            return api;
        }, fast);
        await callback({
            urn: "urn",
            id: "id",
            name: "s",
            type: SCHEDULE,
            oldInputs: { target: { input: input("subnet-1") } },
            oldOutputs: { arn: "arn:aws:scheduler:us-west-2:1:schedule/g/s" },
        });
        assert.deepStrictEqual(regions, ["us-west-2"]);
        assert.deepStrictEqual(
            api.targets.map((t) => t.status),
            ["associated", "disassociated"],
        );
    });
});
