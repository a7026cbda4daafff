import { metricsPerEntity } from "../../components/monitoring/container-insights";
import { type Pricer, type PricingContext, num, usd } from "./context";

/** Pricers of flat monthly fees: DNS zones, keys, dashboards, alarms, secrets, WAF; and certificates. */

const monthlyFee =
    (key: string, what: string, note = ""): Pricer =>
    (_r, ctx) => {
        const p = ctx.rate(key);
        return { kind: "priced", monthly: p, basis: `${what} ${usd(p)}/month${note}` };
    };

export const route53Zone = monthlyFee("route53.zone", "hosted zone", "; queries excluded");
export const kmsKey = monthlyFee("kms.key", "KMS key", "; each yearly rotation adds $1/month for two years; requests excluded");
export const dashboard = monthlyFee("cloudwatch.dashboard", "dashboard", " (account free tier of 3 not applied)");
export const compositeAlarm = monthlyFee("cloudwatch.alarmComposite", "composite alarm");
export const secret = monthlyFee("secretsManager.secret", "secret", "; API calls excluded");

/**
 * Standard alarms cost per metric they watch; periods under 60 s make a high-resolution alarm; an anomaly
 * detection band is billed as three metrics.
 */
export const metricAlarm: Pricer = (r, ctx: PricingContext) => {
    const queries: any[] = r.inputs.metricQueries ?? [];
    const metrics = queries.filter((q) => q.metric);
    const anomaly = queries.some((q) => typeof q.expression === "string" && q.expression.includes("ANOMALY_DETECTION_BAND"));
    const count = (metrics.length || 1) * (anomaly ? 3 : 1);
    const periods = [num(r.inputs.period, 60), ...metrics.map((q) => num(q.metric.period, 60))];
    const highRes = periods.some((p) => p < 60);
    const p = ctx.rate(highRes ? "cloudwatch.alarmHighResolution" : "cloudwatch.alarmStandard");
    const what = `${highRes ? "high-resolution" : "standard"} alarm, ${count} metric${count === 1 ? "" : "s"}${anomaly ? " (anomaly band = 3)" : ""}`;
    return { kind: "priced", monthly: count * p, basis: `${what} x ${usd(p)}/month (account free tier of 10 not applied)` };
};

export const webAcl: Pricer = (r, ctx) => {
    const rules = (r.inputs.rules ?? []).length;
    const acl = ctx.rate("waf.webAcl");
    const rule = ctx.rate("waf.rule");
    return {
        kind: "priced",
        monthly: acl + rules * rule,
        basis: `web ACL ${usd(acl)} + ${rules} rules x ${usd(rule)} per month; requests excluded`,
    };
};

/** Public and imported certificates are free; certificates from a private CA are not. */
export const acmCertificate: Pricer = (r) =>
    r.inputs.certificateAuthorityArn
        ? { kind: "notPriced", reason: "certificate issued by a private CA (billed per certificate; not in the price table)" }
        : { kind: "free", basis: r.inputs.privateKey ? "imported certificate (free)" : "public ACM certificate (free)" };

export const ssmParameter: Pricer = (r) =>
    r.inputs.tier === "Advanced" || r.inputs.tier === "Intelligent-Tiering"
        ? { kind: "notPriced", reason: `SSM parameter tier ${r.inputs.tier} is billed per parameter; not in the price table` }
        : { kind: "free", basis: "standard SSM parameter (free)" };

export const dynamoTable: Pricer = (r) =>
    r.inputs.billingMode === "PROVISIONED"
        ? { kind: "notPriced", reason: "DynamoDB provisioned capacity is not in the price table" }
        : { kind: "usage", basis: "on-demand requests and storage" };

/**
 * EKS add-ons are free; amazon-cloudwatch-observability is not: with enhanced observability off (components/cluster/
 * addons.ts) every standard Container Insights series is a custom metric. The count is AWS's metrics table
 * (components/monitoring/container-insights.ts) times the cluster's nodes (the node groups' desired sizes) and the
 * assumed namespaces, Services and pod owners. The performance events the agent ingests are usage on its log group.
 */
export const eksAddon: Pricer = (r, ctx) => {
    if (r.inputs.addonName !== "amazon-cloudwatch-observability")
        return { kind: "free", basis: "EKS add-on (free; its pods run on the nodes)" };
    if (/"enhanced_container_insights":\s*true/.test(String(r.inputs.configurationValues ?? "")) || !r.inputs.configurationValues) {
        return {
            kind: "notPriced",
            reason: "Container Insights with enhanced observability is billed per observation; not in the price table",
        };
    }
    const nodes = ctx.resources
        .filter((n) => n.type === "aws:eks/nodeGroup:NodeGroup")
        .reduce((sum, n) => sum + num(n.inputs.scalingConfig?.desiredSize, 0), 0);
    const per = metricsPerEntity();
    const counts = {
        cluster: 1,
        node: nodes,
        namespace: ctx.assumption("containerInsightsNamespaces"),
        service: ctx.assumption("containerInsightsServices"),
        pod: ctx.assumption("containerInsightsWorkloads"),
    };
    const metrics = (Object.keys(per) as (keyof typeof per)[]).reduce((sum, e) => sum + per[e] * counts[e], 0);
    const rate = ctx.rate("cloudwatch.customMetric");
    const parts = `${per.cluster} cluster + ${per.node} x ${nodes} nodes + ${per.namespace} x ${counts.namespace} namespaces + ${per.service} x ${counts.service} Services + ${per.pod} x ${counts.pod} pod owners`;
    return {
        kind: "priced",
        monthly: metrics * rate,
        basis: `Container Insights: ${metrics} custom metrics (${parts}; assumed counts) x ${usd(rate)}/month; performance log ingestion is usage on its log group`,
    };
};
