// IAM Identity Center through @aws-sdk/client-sso-admin: a permission set with policies is
// provisioned, assigned, changed (drift) and provisioned again, as an infrastructure tool does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  SSOAdminClient,
  ListInstancesCommand,
  CreatePermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ProvisionPermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  UpdatePermissionSetCommand,
  ConflictException,
  ResourceNotFoundException,
} from "@aws-sdk/client-sso-admin";
import { startJunction } from "./junction.mjs";

let junction, sso;
before(async () => {
  junction = await startJunction(["--lenient-principals"]);
  sso = new SSOAdminClient(junction.clientConfig());
});
after(() => junction.stop());

const ACCOUNT = "222233334444";

test("policy, provision, assign, drift, provision again", async () => {
  const { Instances } = await sso.send(new ListInstancesCommand({}));
  const InstanceArn = Instances[0].InstanceArn;
  const { PermissionSet } = await sso.send(
    new CreatePermissionSetCommand({ InstanceArn, Name: "Deployers", SessionDuration: "PT4H" }),
  );
  const PermissionSetArn = PermissionSet.PermissionSetArn;
  assert.ok(PermissionSet.CreatedDate instanceof Date);

  const ManagedPolicyArn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  await sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn }));
  await assert.rejects(
    sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn })),
    ConflictException,
  );
  const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] };
  await sso.send(
    new PutInlinePolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, InlinePolicy: JSON.stringify(policy) }),
  );
  const managed = await sso.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn, PermissionSetArn }));
  assert.deepEqual(managed.AttachedManagedPolicies, [{ Name: "ReadOnlyAccess", Arn: ManagedPolicyArn }]);

  // Assigning provisions the set to the account.
  const created = await sso.send(
    new CreateAccountAssignmentCommand({
      InstanceArn, PermissionSetArn, TargetId: ACCOUNT, TargetType: "AWS_ACCOUNT",
      PrincipalType: "GROUP", PrincipalId: "90676d8a2c-1e2f3a4b-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
    }),
  );
  assert.equal(created.AccountAssignmentCreationStatus.Status, "IN_PROGRESS");
  const settled = await sso.send(
    new DescribeAccountAssignmentCreationStatusCommand({
      InstanceArn, AccountAssignmentCreationRequestId: created.AccountAssignmentCreationStatus.RequestId,
    }),
  );
  assert.equal(settled.AccountAssignmentCreationStatus.Status, "SUCCEEDED");
  const listed = await sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: ACCOUNT, PermissionSetArn }));
  assert.equal(listed.AccountAssignments.length, 1);

  const provisioned = (status) =>
    sso
      .send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn, AccountId: ACCOUNT, ProvisioningStatus: status }))
      .then((r) => r.PermissionSets ?? []);
  assert.deepEqual(await provisioned("LATEST_PERMISSION_SET_PROVISIONED"), [PermissionSetArn]);

  // A change since the last provisioning is drift until the set is provisioned again.
  await sso.send(new UpdatePermissionSetCommand({ InstanceArn, PermissionSetArn, SessionDuration: "PT8H" }));
  assert.deepEqual(await provisioned("LATEST_PERMISSION_SET_NOT_PROVISIONED"), [PermissionSetArn]);
  assert.deepEqual(await provisioned("LATEST_PERMISSION_SET_PROVISIONED"), []);

  const { PermissionSetProvisioningStatus: started } = await sso.send(
    new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn, TargetType: "ALL_PROVISIONED_ACCOUNTS" }),
  );
  assert.equal(started.Status, "IN_PROGRESS");
  const done = await sso.send(
    new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: started.RequestId }),
  );
  assert.equal(done.PermissionSetProvisioningStatus.Status, "SUCCEEDED");
  assert.deepEqual(await provisioned("LATEST_PERMISSION_SET_PROVISIONED"), [PermissionSetArn]);

  await assert.rejects(
    sso.send(
      new DescribePermissionSetProvisioningStatusCommand({
        InstanceArn, ProvisionPermissionSetRequestId: "00000000-0000-4000-8000-000000000000",
      }),
    ),
    ResourceNotFoundException,
  );
});
