-- License Manager User Subscriptions forgets ended registrations, associations and subscriptions
-- on every call that could replay them; these partial indexes hold only the ended rows, so that
-- doing so reads those few rows instead of all of an account's.
CREATE INDEX lmus_user_associations_ended
  ON lmus_user_associations (account, region, disassociation_date) WHERE status = 'DISASSOCIATED';
CREATE INDEX lmus_product_subscriptions_ended
  ON lmus_product_subscriptions (account, region, subscription_end_date) WHERE status = 'INACTIVE';
CREATE INDEX lmus_identity_providers_ended
  ON lmus_identity_providers (account, region, deregistration_date) WHERE status = 'DEREGISTERED';
