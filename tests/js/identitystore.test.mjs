// Identity Store and IAM Identity Center together, through @aws-sdk/client-identitystore and
// @aws-sdk/client-sso-admin: create a group, add a user, assign the group to an account, and list
// the user's access.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  IdentitystoreClient,
  CreateUserCommand,
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  GetUserIdCommand,
  IsMemberInGroupsCommand,
  ListGroupMembershipsForMemberCommand,
  ConflictException,
  ResourceNotFoundException,
} from "@aws-sdk/client-identitystore";
import {
  SSOAdminClient,
  ListInstancesCommand,
  CreatePermissionSetCommand,
  CreateAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentsForPrincipalCommand,
} from "@aws-sdk/client-sso-admin";
import { startJunction } from "./junction.mjs";

let junction, ids, sso;
before(async () => {
  junction = await startJunction();
  ids = new IdentitystoreClient(junction.clientConfig());
  sso = new SSOAdminClient(junction.clientConfig());
});
after(() => junction.stop());

const ACCOUNT = "333344445555";

test("a group's assignment is its members' access", async () => {
  const { Instances } = await sso.send(new ListInstancesCommand({}));
  const { InstanceArn, IdentityStoreId } = Instances[0];

  const { UserId } = await ids.send(
    new CreateUserCommand({
      IdentityStoreId, UserName: "ana", DisplayName: "Ana Lopez",
      Name: { GivenName: "Ana", FamilyName: "Lopez" },
      Emails: [{ Value: "ana@example.com", Type: "work", Primary: true }],
    }),
  );
  await assert.rejects(
    ids.send(new CreateUserCommand({ IdentityStoreId, UserName: "ana", DisplayName: "Ana", Name: { GivenName: "A", FamilyName: "L" } })),
    ConflictException,
  );
  const { GroupId } = await ids.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: "Deployers" }));
  await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId } }));

  const found = await ids.send(
    new GetUserIdCommand({
      IdentityStoreId,
      AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "ana" } },
    }),
  );
  assert.equal(found.UserId, UserId);
  const member = await ids.send(new IsMemberInGroupsCommand({ IdentityStoreId, MemberId: { UserId }, GroupIds: [GroupId] }));
  assert.deepEqual(member.Results.map((r) => [r.GroupId, r.MembershipExists]), [[GroupId, true]]);
  const memberships = await ids.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId, MemberId: { UserId } }));
  assert.deepEqual(memberships.GroupMemberships.map((m) => m.GroupId), [GroupId]);

  const { PermissionSet } = await sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Deploy" }));
  const { AccountAssignmentCreationStatus: request } = await sso.send(
    new CreateAccountAssignmentCommand({
      InstanceArn, PermissionSetArn: PermissionSet.PermissionSetArn, TargetId: ACCOUNT,
      TargetType: "AWS_ACCOUNT", PrincipalType: "GROUP", PrincipalId: GroupId,
    }),
  );
  const settled = await sso.send(
    new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: request.RequestId }),
  );
  assert.equal(settled.AccountAssignmentCreationStatus.Status, "SUCCEEDED");

  // The user's access: the accounts its groups are assigned to.
  const access = await sso.send(
    new ListAccountAssignmentsForPrincipalCommand({ InstanceArn, PrincipalType: "USER", PrincipalId: UserId }),
  );
  assert.deepEqual(
    access.AccountAssignments.map((a) => [a.AccountId, a.PermissionSetArn, a.PrincipalType, a.PrincipalId]),
    [[ACCOUNT, PermissionSet.PermissionSetArn, "GROUP", GroupId]],
  );

  await assert.rejects(
    ids.send(
      new GetUserIdCommand({
        IdentityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "nobody" } },
      }),
    ),
    ResourceNotFoundException,
  );
});
