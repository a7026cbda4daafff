import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type OfficeHours, cronAt } from "../../stacks/schedule";

/** EventBridge Scheduler's universal target for AssociateClientVpnTargetNetwork: no Lambda to build or patch. */
export const ASSOCIATE_TARGET = "arn:aws:scheduler:::aws-sdk:ec2:associateClientVpnTargetNetwork";

/** The start schedule's target input: the AssociateClientVpnTargetNetwork request, in the API's casing. */
export const associateInput = <T>(endpointId: T, subnetId: T) => ({ ClientVpnEndpointId: endpointId, SubnetId: subnetId });

/** Endpoint and subnet of a start schedule's target input (JSON text), or undefined when it is not one. */
export function parseAssociateInput(input: unknown): { endpointId: string; subnetId: string } | undefined {
    if (typeof input !== "string") return undefined;
    try {
        const parsed = JSON.parse(input);
        return typeof parsed?.ClientVpnEndpointId === "string" && typeof parsed?.SubnetId === "string"
            ? { endpointId: parsed.ClientVpnEndpointId, subnetId: parsed.SubnetId }
            : undefined;
    } catch {
        return undefined;
    }
}

export interface OfficeHoursArgs {
    endpointId: pulumi.Input<string>;
    /** arn:aws:ec2:<region>:<account>:client-vpn-endpoint/<id>: scopes every permission to this endpoint. */
    endpointArn: pulumi.Input<string>;
    /** One start schedule per subnet. */
    subnetIds: pulumi.Input<string>[];
    hours: OfficeHours;
    /** Bound before each start schedule's deletion (release.ts); the caller makes it, see ClientVpn. */
    releaseHook: pulumi.ResourceHook;
}

/**
 * The stop side: a Standard Step Functions workflow (SDK integrations, no code) that lists the endpoint's target
 * networks and disassociates each; the association ids change every day, so a plain scheduled API call cannot.
 */
export function releaseDefinition(endpointId: string): string {
    return JSON.stringify({
        Comment: `Disassociate every target network of ${endpointId}`,
        StartAt: "List",
        States: {
            List: {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:ec2:describeClientVpnTargetNetworks",
                Parameters: { ClientVpnEndpointId: endpointId },
                Next: "EachAssociation",
            },
            EachAssociation: {
                Type: "Map",
                ItemsPath: "$.ClientVpnTargetNetworks",
                ItemProcessor: {
                    ProcessorConfig: { Mode: "INLINE" },
                    StartAt: "IsAssociated",
                    States: {
                        // Only "associated" can be disassociated. One still being made (a late manual associate)
                        // is waited for, or it would bill until the next window ends; anything else is gone.
                        IsAssociated: {
                            Type: "Choice",
                            Choices: [
                                { Variable: "$.Status.Code", StringEquals: "associated", Next: "Disassociate" },
                                { Variable: "$.Status.Code", StringEquals: "associating", Next: "WaitForAssociation" },
                            ],
                            Default: "Skip",
                        },
                        WaitForAssociation: { Type: "Wait", Seconds: 60, Next: "Recheck" },
                        Recheck: {
                            Type: "Task",
                            Resource: "arn:aws:states:::aws-sdk:ec2:describeClientVpnTargetNetworks",
                            Parameters: { ClientVpnEndpointId: endpointId, "AssociationIds.$": "States.Array($.AssociationId)" },
                            ResultSelector: {
                                "AssociationId.$": "$.ClientVpnTargetNetworks[0].AssociationId",
                                "Status.$": "$.ClientVpnTargetNetworks[0].Status",
                            },
                            Next: "IsAssociated",
                        },
                        Disassociate: {
                            Type: "Task",
                            Resource: "arn:aws:states:::aws-sdk:ec2:disassociateClientVpnTargetNetwork",
                            Parameters: { ClientVpnEndpointId: endpointId, "AssociationId.$": "$.AssociationId" },
                            Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 }],
                            End: true,
                        },
                        Skip: { Type: "Succeed" },
                    },
                },
                End: true,
            },
        },
    });
}

/**
 * A service role's trust with the confused-deputy guard both services document: the calling account, and the
 * calling resource's ARN (`ArnLike` for a pattern).
 */
export function serviceTrustPolicy(service: string, account: string, sourceArn: string): string {
    const arnCondition = sourceArn.includes("*") ? "ArnLike" : "ArnEquals";
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": account }, [arnCondition]: { "aws:SourceArn": sourceArn } },
            },
        ],
    });
}

/**
 * Subnet associations only in office hours: a Client VPN association bills $0.10/h whether anyone is connected or
 * not. EventBridge Scheduler associates each subnet at `start` and starts the release workflow at `end`. The
 * associations belong to AWS, not to Pulumi's state, so a delete hook on each start schedule releases them before
 * Pulumi deletes the schedule, the subnet and the endpoint.
 */
export class OfficeHoursAssociations extends pulumi.ComponentResource {
    /** Shell commands that associate now (outside office hours; the stop schedule releases them at `end`). */
    public readonly associateNowCommands: pulumi.Output<string[]>;
    /** Shell command that releases every association now. */
    public readonly releaseNowCommand: pulumi.Output<string>;
    public readonly releaseStateMachineArn: pulumi.Output<string>;
    public readonly scheduleGroupName: pulumi.Output<string>;

    constructor(name: string, args: OfficeHoursArgs, opts?: pulumi.ComponentResourceOptions) {
        // Was platform:access:OfficeHoursAssociations: with its parent's alias, this one keeps the old URN.
        super(
            "platform:vpn:OfficeHoursAssociations",
            name,
            {},
            { ...opts, aliases: [...(opts?.aliases ?? []), { type: "platform:access:OfficeHoursAssociations" }] },
        );
        const child = { parent: this };
        const arn = pulumi.output(args.endpointArn).apply((a) => {
            // `?? ""`: a re-run after a failed destroy hands back the outputs of deleted resources as undefined.
            const [, partition, , region, account] = (a ?? "").split(":");
            return { partition, region, account, prefix: `arn:${partition}:ec2:${region}:${account}` };
        });
        // The state machine names the role, so the role cannot name the state machine: any of this account and region.
        const workflowRole = new aws.iam.Role(
            `${name}-release`,
            {
                description: `Step Functions: release the Client VPN associations of ${name}`,
                assumeRolePolicy: arn.apply((a) =>
                    serviceTrustPolicy(
                        "states.amazonaws.com",
                        a.account,
                        `arn:${a.partition}:states:${a.region}:${a.account}:stateMachine:*`,
                    ),
                ),
            },
            child,
        );
        new aws.iam.RolePolicy(
            `${name}-release`,
            {
                role: workflowRole.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        // Both take the endpoint as their resource (Service Authorization Reference).
                        {
                            Effect: "Allow",
                            Action: ["ec2:DescribeClientVpnTargetNetworks", "ec2:DisassociateClientVpnTargetNetwork"],
                            Resource: args.endpointArn,
                        },
                    ],
                }),
            },
            child,
        );
        const workflow = new aws.sfn.StateMachine(
            `${name}-release`,
            {
                type: "STANDARD",
                roleArn: workflowRole.arn,
                definition: pulumi.output(args.endpointId).apply(releaseDefinition),
            },
            child,
        );

        const group = new aws.scheduler.ScheduleGroup(`${name}`, {}, child);
        // Scheduler's documented guard names the schedule group its schedules belong to.
        const schedulerRole = new aws.iam.Role(
            `${name}-scheduler`,
            {
                description: `EventBridge Scheduler: associate and release the Client VPN subnets of ${name} in office hours`,
                assumeRolePolicy: pulumi
                    .all([arn.account, group.arn])
                    .apply(([account, groupArn]) => serviceTrustPolicy("scheduler.amazonaws.com", account, groupArn)),
            },
            child,
        );
        const subnetArns = pulumi
            .all([arn.prefix, ...args.subnetIds])
            .apply(([prefix, ...ids]) => ids.map((id) => `${prefix}:subnet/${id}`));
        new aws.iam.RolePolicy(
            `${name}-scheduler`,
            {
                role: schedulerRole.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: "ec2:AssociateClientVpnTargetNetwork",
                            Resource: pulumi.all([args.endpointArn, subnetArns]).apply(([e, s]) => [e, ...s]),
                        },
                        { Effect: "Allow", Action: "states:StartExecution", Resource: workflow.arn },
                    ],
                }),
            },
            child,
        );

        const common = {
            groupName: group.name,
            scheduleExpressionTimezone: args.hours.timezone,
            flexibleTimeWindow: { mode: "OFF" },
            description: `Client VPN ${name}: ${args.hours.days} ${args.hours.start}-${args.hours.end} ${args.hours.timezone}`,
        };
        const hook = args.releaseHook;
        args.subnetIds.forEach((subnetId, i) => {
            new aws.scheduler.Schedule(
                `${name}-start-${i}`,
                {
                    ...common,
                    scheduleExpression: cronAt(args.hours.start, args.hours.days),
                    target: {
                        arn: ASSOCIATE_TARGET,
                        roleArn: schedulerRole.arn,
                        input: pulumi.jsonStringify(associateInput(args.endpointId, subnetId)),
                        // Associating fails while the endpoint is busy with another subnet; the retries space them out.
                        retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
                    },
                },
                { parent: this, hooks: { beforeDelete: [hook], beforeUpdate: [hook] } },
            );
        });
        new aws.scheduler.Schedule(
            `${name}-stop`,
            {
                ...common,
                scheduleExpression: cronAt(args.hours.end, args.hours.days),
                target: {
                    arn: workflow.arn,
                    roleArn: schedulerRole.arn,
                    input: "{}",
                    retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
                },
            },
            child,
        );

        this.releaseStateMachineArn = workflow.arn;
        this.scheduleGroupName = group.name;
        this.releaseNowCommand = pulumi.interpolate`aws stepfunctions start-execution --region ${arn.region} --state-machine-arn ${workflow.arn}`;
        this.associateNowCommands = pulumi
            .all([arn.region, args.endpointId, ...args.subnetIds])
            .apply(([region, endpointId, ...ids]) =>
                ids.map(
                    (id) =>
                        `aws ec2 associate-client-vpn-target-network --region ${region} --client-vpn-endpoint-id ${endpointId} --subnet-id ${id}`,
                ),
            );
        this.registerOutputs({ associateNowCommands: this.associateNowCommands, releaseNowCommand: this.releaseNowCommand });
    }
}
