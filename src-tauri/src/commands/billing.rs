//! billing: plan, balance, top-ups, charges and their history (R32–R34).

use super::acting;

acting! {
    billing_summary(BillingSummary) => |core, me, r| core.billing_summary(me, &r.context);
    top_up(TopUp) => |core, me, r| core.top_up(me, &r.context, r.amount);
    record_charge(RecordCharge) => |core, me, r| core.record_charge(me, &r.context, &r.charge);
    change_plan(ChangePlan) => |core, me, r| core.change_plan(me, &r.context, r.plan);
    purchases(Purchases) => |core, me, r| core.purchases(me, &r.context);
    charge_history(ChargeHistory) => |core, me, r| core.charge_history(me, &r.context);
    monthly_aggregates(MonthlyAggregates) => |core, me, r| core.monthly_aggregates(me, &r.context);
}
