import { Pricer, PricingContext, num, usd } from "./context";

/** Pricers of flat monthly fees: DNS zones, keys, dashboards, alarms, secrets, WAF; and certificates. */

const monthlyFee = (key: string, what: string, note = ""): Pricer => (_r, ctx) => {
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
    return { kind: "priced", monthly: acl + rules * rule, basis: `web ACL ${usd(acl)} + ${rules} rules x ${usd(rule)} per month; requests excluded` };
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
