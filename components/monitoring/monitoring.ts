import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarmSpecs } from "./alarms";
import { type MonitoredSections, validateSections } from "./sections";
import { dashboardBody } from "./widgets";
import { argProblem, email, throwIfProblems } from "../../stacks/predicates";

/** Arguments of {@link Monitoring}. Each section is optional: a layer not built yet is simply absent. */
export interface MonitoringArgs extends MonitoredSections {
    /** Region shown by the dashboard's widgets. */
    region: string;
    /** Plain list: one e-mail subscription each (every address must confirm AWS's e-mail once). */
    alarmEmails: string[];
    /**
     * Customer-managed KMS key for the alarm topic; its policy must let cloudwatch.amazonaws.com use
     * kms:GenerateDataKey* and kms:Decrypt. Default: the component creates such a key. Not alias/aws/sns: alarms
     * cannot publish to a topic under that key (its policy cannot grant CloudWatch), and fail silently.
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** `protect` the key the component creates (pass the tier's protect flag; D6). Default: false. */
    protect?: boolean;
}

/** Problems with the plain arguments, each naming the value; empty when usable. */
export function validateMonitoringArgs(args: MonitoringArgs): string[] {
    const problems = validateSections(args);
    for (const e of args.alarmEmails) {
        const bad = argProblem("alarmEmails:", e, email(e));
        if (bad) problems.push(bad);
    }
    const dupes = args.alarmEmails.filter((e, i) => args.alarmEmails.indexOf(e) !== i);
    if (dupes.length > 0) problems.push(`alarmEmails: ${[...new Set(dupes)].join(", ")} listed more than once.`);
    return problems;
}

/** Resource-name-safe form of an e-mail address: subscriptions are named by address so removing one touches no other. */
export const emailSlug = (email: string) =>
    email
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");

/**
 * One CloudWatch dashboard per environment and the alarms that mean data or traffic is being lost, all publishing
 * (alarm and OK) to one encrypted SNS topic with e-mail subscriptions. Identifiers come from the layers' outputs,
 * never typed by hand, so a renamed database cannot leave a dashboard watching nothing.
 */
export class Monitoring extends pulumi.ComponentResource {
    public readonly dashboardName: pulumi.Output<string>;
    public readonly alarmTopicArn: pulumi.Output<string>;
    /** The topic's KMS key: whoever publishes besides CloudWatch (Alertmanager) needs kms:GenerateDataKey* and kms:Decrypt on it. */
    public readonly alarmTopicKeyArn: pulumi.Output<string>;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:monitoring:Monitoring", name, {}, opts);
        throwIfProblems(`Monitoring ${name}`, validateMonitoringArgs(args));
        const child = { parent: this };
        const sections: MonitoredSections = {
            alb: args.alb,
            cluster: args.cluster,
            database: args.database,
            kafka: args.kafka,
            search: args.search,
            vpnSchedule: args.vpnSchedule,
        };

        const topicKeyArn = pulumi.output(args.kmsKeyArn ?? this.topicKey(name, args.protect ?? false));
        const topic = new aws.sns.Topic(
            `${name}-alarms`,
            {
                kmsMasterKeyId: topicKeyArn,
                tags: { Name: `${name}-alarms` },
            },
            child,
        );
        for (const email of args.alarmEmails) {
            new aws.sns.TopicSubscription(
                `${name}-email-${emailSlug(email)}`,
                { topic: topic.arn, protocol: "email", endpoint: email },
                child,
            );
        }

        for (const spec of alarmSpecs(sections)) {
            new aws.cloudwatch.MetricAlarm(
                `${name}-${spec.role}`,
                {
                    ...spec.args,
                    // OK as well as ALARM: whoever was woken up learns that it is over.
                    alarmActions: [topic.arn],
                    okActions: [topic.arn],
                },
                child,
            );
        }

        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: name,
                dashboardBody: pulumi.jsonStringify(pulumi.output(dashboardBody(sections, args.region))),
            },
            child,
        );

        this.dashboardName = dashboard.dashboardName;
        this.alarmTopicArn = topic.arn;
        this.alarmTopicKeyArn = topicKeyArn;
        this.registerOutputs({
            dashboardName: this.dashboardName,
            alarmTopicArn: this.alarmTopicArn,
            alarmTopicKeyArn: this.alarmTopicKeyArn,
        });
    }

    /**
     * A key CloudWatch may use to publish to the topic; the account keeps full control, and its AccountAdmin statement
     * delegates to IAM, so an IAM policy (Alertmanager's Pod Identity role) can grant the same use.
     */
    private topicKey(name: string, protect: boolean): pulumi.Output<string> {
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const key = new aws.kms.Key(
            `${name}-alarms-key`,
            {
                description: `${name} alarm topic`,
                enableKeyRotation: true,
                deletionWindowInDays: protect ? 30 : 7,
                policy: account.apply((id) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "AccountAdmin",
                                Effect: "Allow",
                                Principal: { AWS: `arn:aws:iam::${id}:root` },
                                Action: "kms:*",
                                Resource: "*",
                            },
                            {
                                Sid: "CloudWatchAlarms",
                                Effect: "Allow",
                                Principal: { Service: "cloudwatch.amazonaws.com" },
                                Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                                Resource: "*",
                            },
                        ],
                    }),
                ),
            },
            { parent: this, protect },
        );
        new aws.kms.Alias(`${name}-alarms-key`, { name: `alias/${name}-alarms`, targetKeyId: key.keyId }, { parent: this });
        return key.arn;
    }
}
