import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * What Karpenter's interruption handling listens to, as upstream's CloudFormation declares it (v1.14): Spot
 * interruption warnings (two minutes' notice), rebalance recommendations, instance state changes (a node stopped or
 * terminated outside Karpenter), AWS Health scheduled changes, and capacity-reservation interruptions.
 */
export const INTERRUPTION_EVENTS: Record<string, { source: string[]; "detail-type": string[] }> = {
    "scheduled-change": { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
    "spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
    rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
    "instance-state-change": { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
    "capacity-reservation-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"] },
};

/** The queue's policy: EventBridge (and SQS itself) may send; nothing may use it over plain HTTP. */
export function interruptionQueuePolicy(queueArn: string): Record<string, any> {
    return {
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
            {
                Sid: "AllowEventBridge",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                Action: "sqs:SendMessage",
                Resource: queueArn,
            },
            {
                Sid: "DenyHTTP",
                Effect: "Deny",
                Principal: "*",
                Action: "sqs:*",
                Resource: queueArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

export interface InterruptionQueueArgs {
    /** Physical queue name: the cluster's name, as upstream names it (settings.interruptionQueue). */
    queueName: pulumi.Input<string>;
    tags?: Record<string, string>;
}

/**
 * The SQS queue Karpenter reads interruption events from, encrypted with SQS-managed keys (EventBridge can send to
 * it without a key policy), HTTPS only, fed by one EventBridge rule per event type.
 */
export class InterruptionQueue extends pulumi.ComponentResource {
    public readonly queueName: pulumi.Output<string>;
    public readonly queueArn: pulumi.Output<string>;

    constructor(name: string, args: InterruptionQueueArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:capacity:InterruptionQueue", name, {}, opts);
        const child = { parent: this };
        const queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                name: args.queueName,
                // Upstream's value: an interruption older than five minutes has already happened.
                messageRetentionSeconds: 300,
                sqsManagedSseEnabled: true,
                tags: args.tags,
            },
            child,
        );
        new aws.sqs.QueuePolicy(
            `${name}-policy`,
            {
                queueUrl: queue.url,
                policy: queue.arn.apply((arn) => JSON.stringify(interruptionQueuePolicy(arn))),
            },
            child,
        );
        for (const [event, pattern] of Object.entries(INTERRUPTION_EVENTS)) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${event}`,
                {
                    description: `Karpenter interruption handling: ${pattern["detail-type"][0]}`,
                    eventPattern: JSON.stringify(pattern),
                    tags: args.tags,
                },
                child,
            );
            new aws.cloudwatch.EventTarget(
                `${name}-${event}`,
                { rule: rule.name, arn: queue.arn, targetId: "KarpenterInterruptionQueueTarget" },
                child,
            );
        }
        this.queueName = queue.name;
        this.queueArn = queue.arn;
        this.registerOutputs({ queueName: this.queueName, queueArn: this.queueArn });
    }
}
