import { Pricer, PricingContext, hourly, usd } from "./context";

/** Pricers of VPC, load balancer and Client VPN resources. Inputs are @pulumi/aws v7 argument names. */

export const natGateway: Pricer = (_r, ctx) => {
    const p = ctx.rate("vpc.natGateway");
    return { kind: "priced", monthly: p * ctx.hours, basis: `${hourly(p, ctx.hours)}; $${ctx.prices.rates["vpc.natGatewayData"].price}/GB processed excluded` };
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
    return { kind: "priced", monthly: p * ctx.hours * azs, basis: `interface endpoint ${hourly(p, ctx.hours, azs, "AZ")}${assumed}; $0.01/GB excluded` };
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

/** The endpoint itself is free; connections are billed per hour, so the report assumes a small team's use. */
export const clientVpnEndpoint: Pricer = (_r, ctx) => {
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
        return { monthly: (base + units * unit) * ctx.hours, basis: `NLB for a LoadBalancer Service (${usd(base)}/h + ${units} NLCU x ${usd(unit)}/h) x ${ctx.hours} h` };
    }
    const base = ctx.rate("elb.clb");
    return { monthly: base * ctx.hours, basis: `Classic LB for a LoadBalancer Service (in-tree controller) ${hourly(base, ctx.hours)}` };
};
