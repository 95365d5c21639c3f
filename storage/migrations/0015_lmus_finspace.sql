-- License Manager User Subscriptions no longer keeps what has ended: DeregisterIdentityProvider,
-- DisassociateUser and StopProductSubscription delete the row they end (their answer carries the
-- ended status and date), and a repeat of them finds nothing. Rows a database of an older version
-- still holds in an ended status go, with the partial indexes that served their replay window.
DELETE FROM lmus_user_associations WHERE status = 'DISASSOCIATED';
DELETE FROM lmus_product_subscriptions WHERE status = 'INACTIVE';
DELETE FROM lmus_identity_providers WHERE status = 'DEREGISTERED';
DROP INDEX lmus_user_associations_ended;
DROP INDEX lmus_product_subscriptions_ended;
DROP INDEX lmus_identity_providers_ended;
