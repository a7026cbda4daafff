import { ASSOCIATE_TARGET, parseAssociateInput } from "../../components/vpn/office-hours";
import { parseCron } from "../../stacks/schedule";
import type { RecordedResource } from "../../offline/engine/registry";
import { type Priced, type Pricer, type PricingContext, hourly, usd } from "./context";

/** Pricers of VPC, load balancer and Client VPN resources (with the office-hours schedules and workflow). Inputs are @pulumi/aws v7 argument names. */

export const natGateway: Pricer = (_r, ctx) => {
    const p = ctx.rate("vpc.natGateway");
    return {
        kind: "priced",
        monthly: p * ctx.hours,
        basis: `${hourly(p, ctx.hours)}; $${ctx.prices.rates["vpc.natGatewayData"].price}/GB processed excluded`,
    };
};

export const eip: Pricer = (_r, ctx) => {
    const p = ctx.rate("vpc.publicIpv4");
    return { kind: "priced", monthly: p * ctx.hours, basis: `public IPv4 ${hourly(p, ctx.hours)}` };
};

/** Interface endpoints bill per AZ (one ENI per subnet); gateway endpoints (S3, DynamoDB) are free. */
export const vpcEndpoint: Pricer = (r, ctx) => {
    const type = r.inputs.vpcEndpointType ?? "Gateway";
    if (type === "Gateway") return { kind: "free", basis: "gateway endpoint (free)" };
    if (type !== "Interface") return { kind: "notPriced", reason: `${type} endpoints are not in the price table` };
    const subnets = (r.inputs.subnetIds ?? r.inputs.subnetConfigurations ?? []).length;
    const azs = Math.max(subnets, 1);
    const p = ctx.rate("vpc.interfaceEndpoint");
    const assumed = subnets === 0 ? " (no subnets in inputs: 1 AZ assumed)" : "";
    return {
        kind: "priced",
        monthly: p * ctx.hours * azs,
        basis: `interface endpoint ${hourly(p, ctx.hours, azs, "AZ")}${assumed}; $0.01/GB excluded`,
    };
};

/**
 * Hourly charge plus an assumed LCU load, plus the public IPv4 of each load balancer node of an internet-facing
 * balancer (one per subnet; since 2024 AWS bills those like any public IPv4).
 */
export const loadBalancer: Pricer = (r, ctx) => {
    const type = r.inputs.loadBalancerType ?? "application";
    const keys: Record<string, [string, string, string]> = {
        application: ["elb.alb", "elb.albLcu", "LCU"],
        network: ["elb.nlb", "elb.nlbNlcu", "NLCU"],
    };
    if (!keys[type]) return { kind: "notPriced", reason: `${type} load balancers are not in the price table` };
    const [hourKey, unitKey, unitName] = keys[type];
    const base = ctx.rate(hourKey);
    const units = ctx.assumption("lcuPerLoadBalancer");
    const unit = ctx.rate(unitKey);
    let monthly = (base + units * unit) * ctx.hours;
    let basis = `${type} (${usd(base)}/h + ${units} ${unitName} x ${usd(unit)}/h) x ${ctx.hours} h`;
    let partial: string | undefined;
    if (r.inputs.internal !== true) {
        const mappings: any[] = r.inputs.subnetMappings ?? [];
        // A mapping with allocationId uses an Elastic IP, which its own Eip resource already prices.
        const ips = mappings.length > 0 ? mappings.filter((m) => !m.allocationId).length : (r.inputs.subnets ?? []).length;
        if (ips === 0 && mappings.length === 0) partial = "public IPv4 of the load balancer nodes (subnets not in inputs)";
        const ip = ctx.rate("vpc.publicIpv4");
        monthly += ips * ip * ctx.hours;
        if (ips > 0) basis += ` + ${ips} public IPv4 x ${usd(ip)}/h (internet-facing, one per subnet)`;
    }
    return { kind: "priced", monthly, basis: `${basis}; LCUs above ${units} excluded`, partial };
};

export const clientVpnAssociation: Pricer = (_r, ctx) => {
    const p = ctx.rate("clientVpn.association");
    return { kind: "priced", monthly: p * ctx.hours, basis: `subnet association ${hourly(p, ctx.hours)} (billed while associated)` };
};

const SCHEDULE = "aws:scheduler/schedule:Schedule";
/** Hours in a week: hours per month / 168 is the number of weeks in the table's month. */
const WEEK_HOURS = 168;
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
/** "50", "37.5", "217.26": at most 2 decimals. */
const short = (n: number) => String(Math.round(n * 100) / 100);

/**
 * An EventBridge Scheduler schedule. One whose target is AssociateClientVpnTargetNetwork (components/vpn,
 * office hours) makes a Client VPN subnet association that bills $0.10/h until its stop schedule, a sibling under the
 * same parent, releases it: it is priced for the hours between the two crons. When the stop schedule is missing or
 * a cron is not one the report understands, the association is priced for the whole month, and the basis says why:
 * never a silent under-estimate. Every other schedule only costs its invocations.
 */
export const schedule: Pricer = (r, ctx) => {
    if (r.inputs.target?.arn === ASSOCIATE_TARGET) return scheduledAssociation(r, ctx);
    const invocations = perMonth(r.inputs.scheduleExpression, ctx);
    return { kind: "usage", basis: `usage-based, not estimated: ${schedulerRate(ctx)}${invocations}` };
};

function schedulerRate(ctx: PricingContext): string {
    return `EventBridge Scheduler ${usd(ctx.rate("scheduler.invocations"))} per million invocations after 14 million free a month`;
}

/** "; cron(0 18 ? * MON-FRI *): ~22 invocations a month", or nothing for an expression it cannot read. */
function perMonth(expression: unknown, ctx: PricingContext): string {
    const cron = typeof expression === "string" ? parseCron(expression) : undefined;
    if (!cron) return "";
    return ` (${expression}: ~${Math.round((cron.days.length * ctx.hours) / WEEK_HOURS)} invocations a month)`;
}

function scheduledAssociation(r: RecordedResource, ctx: PricingContext): Priced {
    const p = ctx.rate("clientVpn.association");
    const fullMonth = (why: string): Priced => ({
        kind: "priced",
        monthly: p * ctx.hours,
        basis: `subnet association ${hourly(p, ctx.hours)} (full month: ${why}; scheduled associate)`,
    });
    const stops = ctx.resources.filter(
        (s) => s !== r && s.type === SCHEDULE && s.parent === r.parent && s.inputs.target?.arn !== ASSOCIATE_TARGET,
    );
    if (stops.length === 0) return fullMonth("no stop schedule next to it, so nothing is known to release it");
    if (stops.length > 1)
        return fullMonth(
            `${stops.length} other schedules next to it (${stops.map((s) => s.name).join(", ")}), so which one releases it is not known`,
        );
    const stop = stops[0];
    const startCron = parseCron(String(r.inputs.scheduleExpression));
    const stopCron = parseCron(String(stop.inputs.scheduleExpression));
    if (!startCron) return fullMonth(`its schedule ${JSON.stringify(r.inputs.scheduleExpression)} is not a cron the report understands`);
    if (!stopCron)
        return fullMonth(
            `the schedule ${JSON.stringify(stop.inputs.scheduleExpression)} of its stop ${stop.name} is not a cron the report understands`,
        );
    if (startCron.days.join(",") !== stopCron.days.join(","))
        return fullMonth(`start (${r.inputs.scheduleExpression}) and stop (${stop.inputs.scheduleExpression}) run on different days`);
    if (stopCron.minutes <= startCron.minutes)
        return fullMonth(`stop ${clock(stopCron.minutes)} is not after start ${clock(startCron.minutes)}`);
    const zone = r.inputs.scheduleExpressionTimezone ?? "UTC";
    const stopZone = stop.inputs.scheduleExpressionTimezone ?? "UTC";
    if (zone !== stopZone) return fullMonth(`start in ${zone} and stop in ${stopZone} are in different time zones`);
    const weekly = ((stopCron.minutes - startCron.minutes) / 60) * startCron.days.length;
    const weeks = ctx.hours / WEEK_HOURS;
    const hours = weekly * weeks;
    const window = `${startCron.dayField} ${clock(startCron.minutes)}-${clock(stopCron.minutes)} ${zone}`;
    return {
        kind: "priced",
        monthly: p * hours,
        basis: `subnet association ${usd(p)}/h x ${hours.toFixed(2)} h (${window}: ${short(weekly)} h/week x ${weeks.toFixed(2)} weeks; scheduled associate/release)`,
    };
}

/** Standard workflows bill per state transition, Express ones per request and GB-second: usage either way. */
export const stateMachine: Pricer = (r, ctx) => {
    if (r.inputs.type === "EXPRESS")
        return { kind: "usage", basis: "usage-based, not estimated: Express workflow, per request and GB-second" };
    const p = ctx.rate("stepFunctions.stateTransitions");
    return {
        kind: "usage",
        basis: `usage-based, not estimated: Standard workflow ${usd(p)} per 1,000 state transitions after 4,000 free a month`,
    };
};

/** The endpoint itself is free; connections are billed per hour, so the report assumes a small team's use. */
export const clientVpnEndpoint: Pricer = (r, ctx) => {
    // Nobody connects to an endpoint without a subnet association (subnetAssociations: 0).
    const associated = ctx.resources.some(
        (a) =>
            (a.type === "aws:ec2clientvpn/networkAssociation:NetworkAssociation" && a.inputs.clientVpnEndpointId === r.id) ||
            (a.type === SCHEDULE &&
                a.inputs.target?.arn === ASSOCIATE_TARGET &&
                parseAssociateInput(a.inputs.target?.input)?.endpointId === r.id),
    );
    if (!associated) return { kind: "free", basis: "endpoint without subnet associations: nobody can connect, nothing billed" };
    const users = ctx.assumption("vpnUsers");
    const hours = ctx.assumption("vpnHoursPerUser");
    const p = ctx.rate("clientVpn.connection");
    return { kind: "priced", monthly: users * hours * p, basis: `connections: ${users} users x ${hours} h x ${usd(p)} (assumed use)` };
};

/** The load balancer a Kubernetes Service of type LoadBalancer makes: an NLB with the AWS LB controller, else a Classic LB. */
export const serviceLoadBalancer = (ctx: PricingContext, nlb: boolean): { monthly: number; basis: string } => {
    if (nlb) {
        const base = ctx.rate("elb.nlb");
        const unit = ctx.rate("elb.nlbNlcu");
        const units = ctx.assumption("lcuPerLoadBalancer");
        return {
            monthly: (base + units * unit) * ctx.hours,
            basis: `NLB for a LoadBalancer Service (${usd(base)}/h + ${units} NLCU x ${usd(unit)}/h) x ${ctx.hours} h`,
        };
    }
    const base = ctx.rate("elb.clb");
    return { monthly: base * ctx.hours, basis: `Classic LB for a LoadBalancer Service (in-tree controller) ${hourly(base, ctx.hours)}` };
};
