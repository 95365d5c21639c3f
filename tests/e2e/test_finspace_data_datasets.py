"""FinSpace Data datasets and their changesets (state only: no data is ingested), through boto3
and the AWS CLI: ids, ARNs, statuses, epoch-millisecond times, permission checks, clientToken
replays, pagination and every documented error."""

import time
import uuid

from test_finspace_data import ID_RE, SERVICE, FinSpaceDataCase

S3_SOURCE = {"s3SourcePath": "s3://finspace-landing/scratch/ingestion/equity.csv",
             "sourceType": "S3"}
SCHEMA = {"tabularSchemaConfig": {
    "columns": [{"columnName": "ticker", "dataType": "STRING", "columnDescription": "symbol"},
                {"columnName": "px", "dataType": "DOUBLE"},
                {"columnName": "day", "dataType": "DATE"}],
    "primaryKeyColumns": ["ticker", "day"]}}


class DatasetCase(FinSpaceDataCase):
    def new_dataset(self, group=None, permissions=("ViewDatasetDetails", "ReadDatasetDetails"),
                    title="Equities", kind="TABULAR", **params):
        group = group or self.new_group("owners", ["CreateDataset"])
        resp = self.ok("create_dataset", datasetTitle=title, kind=kind,
                       permissionGroupParams={"permissionGroupId": group, "datasetPermissions": [
                           {"permission": p} for p in permissions]}, **params)
        self.assertRegex(resp["datasetId"], ID_RE)
        return resp["datasetId"]

    def new_changeset(self, dataset, change_type="APPEND", fmt=None, **params):
        resp = self.ok("create_changeset", datasetId=dataset, changeType=change_type,
                       sourceParams=params.pop("sourceParams", S3_SOURCE),
                       formatParams=fmt or {"formatType": "PARQUET"}, **params)
        self.assertEqual(resp["datasetId"], dataset)
        self.assertRegex(resp["changesetId"], ID_RE)
        return resp["changesetId"]

    def dataset_arn(self, dataset):
        return f"arn:aws:finspace:us-east-1:{self.account}:dataset/{dataset}"


class DatasetTest(DatasetCase):
    def test_create_get_list(self):
        before = int(time.time() * 1000)
        did = self.new_dataset(datasetDescription="Daily prices", alias="alias/equities",
                               ownerInfo={"name": "Ann Lee", "email": "ann@example.com",
                                          "phoneNumber": "+1 555 0100"},
                               schemaDefinition=SCHEMA)
        d = self.ok("get_dataset", datasetId=did)
        self.assertEqual(d["datasetId"], did)
        self.assertEqual(d["datasetArn"], self.dataset_arn(did))
        self.assertEqual((d["datasetTitle"], d["kind"], d["datasetDescription"], d["alias"]),
                         ("Equities", "TABULAR", "Daily prices", "alias/equities"))
        self.assertEqual(d["schemaDefinition"], SCHEMA)
        self.assertEqual(d["status"], "SUCCESS")
        self.assertIsInstance(d["createTime"], int)
        self.assertAlmostEqual(d["createTime"], before, delta=5000)
        self.assertEqual(d["lastModifiedTime"], d["createTime"])
        self.assertNotIn("ownerInfo", d)  # GetDataset's output has no ownerInfo
        [listed] = self.ok("list_datasets")["datasets"]
        self.assertEqual(listed["ownerInfo"], {"name": "Ann Lee", "email": "ann@example.com",
                                               "phoneNumber": "+1 555 0100"})
        self.assertNotIn("status", listed)  # nor has the Dataset structure a status
        self.assertEqual(listed["datasetArn"], d["datasetArn"])

    def test_create_needs_a_permission_group_that_may_create_datasets(self):
        params = dict(datasetTitle="T", kind="NON_TABULAR")
        with self.assert_client_error("ValidationException"):
            self.fs.create_dataset(permissionGroupParams={}, **params)
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.create_dataset(permissionGroupParams={"permissionGroupId": "NoSuchGroup"},
                                   **params)
        self.assertEqual(cm.exception.response.get("reason"), "PERMISSION_GROUP_NOT_FOUND")
        viewers = self.new_group("viewers", ["ViewAuditData"])
        with self.assert_client_error("AccessDeniedException", status=403,
                                      message_contains="CreateDataset"):
            self.fs.create_dataset(permissionGroupParams={"permissionGroupId": viewers}, **params)
        self.assertEqual(self.ok("list_datasets")["datasets"], [])

    def test_create_checks_permissions_schema_and_alias(self):
        group = self.new_group("owners", ["CreateDataset"])
        with self.assert_client_error("ValidationException", message_contains="ReadEverything"):
            self.new_dataset(group, permissions=["ReadEverything"])
        bad_key = {"tabularSchemaConfig": {"columns": [{"columnName": "a", "dataType": "STRING"}],
                                           "primaryKeyColumns": ["b"]}}
        with self.assert_client_error("ValidationException"):
            self.new_dataset(group, schemaDefinition=bad_key)
        self.new_dataset(group, alias="alias/prices")
        with self.assert_client_error("ConflictException", status=409) as cm:
            self.new_dataset(group, alias="alias/prices")
        self.assertEqual(cm.exception.response.get("reason"), "DATASET_ALIAS_IN_USE")
        with self.assert_client_error("ValidationException", message_contains="pattern"):
            self.loose.create_dataset(datasetTitle="T", kind="TABULAR", alias="prices",
                                      permissionGroupParams={"permissionGroupId": group})
        with self.assert_client_error("ValidationException", message_contains="enum"):
            self.loose.create_dataset(datasetTitle="T", kind="TABLE",
                                      permissionGroupParams={"permissionGroupId": group})
        self.assertEqual(len(self.ok("list_datasets")["datasets"]), 1)

    def test_update_changes_only_the_members_given(self):
        did = self.new_dataset(datasetDescription="Daily", alias="alias/eq", schemaDefinition=SCHEMA)
        created = self.ok("get_dataset", datasetId=did)
        time.sleep(0.01)
        self.assertEqual(self.ok("update_dataset", datasetId=did, datasetTitle="Equities EU",
                                 kind="TABULAR")["datasetId"], did)
        d = self.ok("get_dataset", datasetId=did)
        self.assertEqual(d["datasetTitle"], "Equities EU")
        self.assertEqual((d["datasetDescription"], d["alias"], d["schemaDefinition"]),
                         ("Daily", "alias/eq", SCHEMA))
        self.assertGreater(d["lastModifiedTime"], created["lastModifiedTime"])
        self.assertEqual(d["createTime"], created["createTime"])
        self.ok("update_dataset", datasetId=did, datasetTitle="Equities EU", kind="NON_TABULAR",
                datasetDescription="Raw files", alias="alias/raw")
        d = self.ok("get_dataset", datasetId=did)
        self.assertEqual((d["kind"], d["datasetDescription"], d["alias"]),
                         ("NON_TABULAR", "Raw files", "alias/raw"))

    def test_update_errors(self):
        did = self.new_dataset()
        self.new_dataset(alias="alias/taken")
        with self.assert_client_error("ConflictException", status=409):
            self.fs.update_dataset(datasetId=did, datasetTitle="T", kind="TABULAR",
                                   alias="alias/taken")
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.update_dataset(datasetId="NoSuchDataset", datasetTitle="T", kind="TABULAR")
        self.assertEqual(cm.exception.response.get("reason"), "DATASET_NOT_FOUND")

    def test_delete_drops_its_changesets_and_data_views(self):
        did = self.new_dataset()
        self.new_changeset(did)
        self.ok("create_data_view", datasetId=did,
                destinationTypeParams={"destinationType": "GLUE_TABLE"})
        self.assertEqual(self.ok("delete_dataset", datasetId=did)["datasetId"], did)
        for call in (lambda: self.fs.get_dataset(datasetId=did),
                     lambda: self.fs.delete_dataset(datasetId=did),
                     lambda: self.fs.list_changesets(datasetId=did),
                     lambda: self.fs.list_data_views(datasetId=did)):
            with self.assert_client_error("ResourceNotFoundException", status=404):
                call()
        self.assertEqual(self.ok("list_datasets")["datasets"], [])

    def test_list_paginates(self):
        group = self.new_group("owners", ["CreateDataset"])
        created = [self.new_dataset(group, title=f"D{i}") for i in range(5)]
        items, pages = self.pages("list_datasets", "datasets", 2)
        self.assertEqual([d["datasetId"] for d in items], created)
        self.assertEqual(pages, 3)
        paginator = self.fs.get_paginator("list_datasets")
        ids = [d["datasetId"] for page in paginator.paginate(PaginationConfig={"PageSize": 4})
               for d in page["datasets"]]
        self.assertEqual(ids, created)
        with self.assert_client_error("ValidationException"):
            self.fs.list_datasets(nextToken="not-a-token")
        with self.assert_client_error("ValidationException"):
            self.loose.list_datasets(maxResults=0)

    def test_client_token_replays_the_first_outcome(self):
        group = self.new_group("owners", ["CreateDataset"])
        params = dict(datasetTitle="T", kind="TABULAR", clientToken="create-t-1",
                      permissionGroupParams={"permissionGroupId": group})
        first = self.ok("create_dataset", **params)["datasetId"]
        self.assertEqual(self.ok("create_dataset", **params)["datasetId"], first)
        self.assertEqual(len(self.ok("list_datasets")["datasets"]), 1)
        with self.assert_client_error("ConflictException", status=409) as cm:
            self.fs.create_dataset(**dict(params, datasetTitle="Other"))
        self.assertEqual(cm.exception.response.get("reason"), "CLIENT_TOKEN_REUSED")
        self.ok("delete_dataset", datasetId=first, clientToken="delete-t-1")
        self.assertEqual(self.ok("delete_dataset", datasetId=first,
                                 clientToken="delete-t-1")["datasetId"], first)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.delete_dataset(datasetId=first)

    def test_state_is_partitioned_by_region(self):
        did = self.new_dataset()
        other = self.client(SERVICE, region="eu-west-1", access_key=self.account)
        self.assertEqual(other.list_datasets()["datasets"], [])
        with self.assert_client_error("ResourceNotFoundException"):
            other.get_dataset(datasetId=did)


class ChangesetTest(DatasetCase):
    def test_create_get_list(self):
        did = self.new_dataset()
        before = int(time.time() * 1000)
        cid = self.new_changeset(did, "REPLACE", {"formatType": "CSV", "compression": "gzip"})
        c = self.ok("get_changeset", datasetId=did, changesetId=cid)
        self.assertEqual(c["changesetId"], cid)
        self.assertEqual(c["changesetArn"], f"{self.dataset_arn(did)}/changeset/{cid}")
        self.assertEqual((c["datasetId"], c["changeType"], c["status"]), (did, "REPLACE", "SUCCESS"))
        self.assertEqual(c["sourceParams"], S3_SOURCE)
        # A CSV source defaults to a header row and commas, as the API reference says.
        self.assertEqual(c["formatParams"], {"formatType": "CSV", "compression": "gzip",
                                             "withHeader": "true", "separator": ","})
        self.assertAlmostEqual(c["createTime"], before, delta=5000)
        self.assertGreaterEqual(c["activeFromTimestamp"], c["createTime"])
        for member in ("activeUntilTimestamp", "updatesChangesetId", "updatedByChangesetId",
                       "errorInfo"):
            self.assertNotIn(member, c)
        [listed] = self.ok("list_changesets", datasetId=did)["changesets"]
        self.assertEqual({k: v for k, v in listed.items()},
                         {k: v for k, v in c.items() if k != "ResponseMetadata"})

    def test_replace_and_modify_take_the_place_of_earlier_changesets(self):
        did = self.new_dataset()
        first = self.new_changeset(did, "APPEND")
        second = self.new_changeset(did, "APPEND")
        third = self.new_changeset(did, "REPLACE")
        changes = {c["changesetId"]: c for c in self.ok("list_changesets",
                                                         datasetId=did)["changesets"]}
        for cid in (first, second):
            self.assertEqual(changes[cid]["activeUntilTimestamp"],
                             changes[third]["activeFromTimestamp"])
            self.assertNotIn("updatedByChangesetId", changes[cid])
        self.assertNotIn("activeUntilTimestamp", changes[third])
        fourth = self.new_changeset(did, "MODIFY")
        changes = {c["changesetId"]: c for c in self.ok("list_changesets",
                                                         datasetId=did)["changesets"]}
        self.assertEqual(changes[fourth]["updatesChangesetId"], third)
        self.assertEqual(changes[third]["updatedByChangesetId"], fourth)
        self.assertEqual(changes[third]["activeUntilTimestamp"],
                         changes[fourth]["activeFromTimestamp"])
        self.assertEqual(list(changes), [first, second, third, fourth])  # oldest first

    def test_modify_needs_a_changeset_to_replace(self):
        did = self.new_dataset()
        with self.assert_client_error("ValidationException", status=400):
            self.fs.create_changeset(datasetId=did, changeType="MODIFY", sourceParams=S3_SOURCE,
                                     formatParams={"formatType": "JSON"})

    def test_create_errors(self):
        did = self.new_dataset()
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.create_changeset(datasetId="NoSuchDataset", changeType="APPEND",
                                     sourceParams=S3_SOURCE, formatParams={"formatType": "CSV"})
        self.assertEqual(cm.exception.response.get("reason"), "DATASET_NOT_FOUND")
        bad = [({"s3SourcePath": "s3://b/k"}, {"formatType": "CSV"}),
               ({"s3SourcePath": "/tmp/k.csv", "sourceType": "S3"}, {"formatType": "CSV"}),
               (S3_SOURCE, {"withHeader": "true"}),
               (S3_SOURCE, {"formatType": "XLSX"})]
        for source, fmt in bad:
            with self.subTest(source=source, fmt=fmt):
                with self.assert_client_error("ValidationException", status=400):
                    self.fs.create_changeset(datasetId=did, changeType="APPEND",
                                             sourceParams=source, formatParams=fmt)
        with self.assert_client_error("ValidationException", message_contains="enum"):
            self.loose.create_changeset(datasetId=did, changeType="UPSERT",
                                        sourceParams=S3_SOURCE, formatParams={"formatType": "CSV"})
        self.assertEqual(self.ok("list_changesets", datasetId=did)["changesets"], [])

    def test_get_errors(self):
        did = self.new_dataset()
        cid = self.new_changeset(did)
        other = self.new_dataset(title="Other")
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.get_changeset(datasetId=did, changesetId="NoSuchChangeset")
        self.assertEqual(cm.exception.response.get("reason"), "CHANGESET_NOT_FOUND")
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.get_changeset(datasetId=other, changesetId=cid)  # not that dataset's
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.get_changeset(datasetId="NoSuchDataset", changesetId=cid)
        self.assertEqual(cm.exception.response.get("reason"), "DATASET_NOT_FOUND")

    def test_update_replaces_source_and_format(self):
        did = self.new_dataset()
        cid = self.new_changeset(did, "APPEND", {"formatType": "PARQUET"})
        before = self.ok("get_changeset", datasetId=did, changesetId=cid)
        source = {"s3SourcePath": "s3://finspace-landing/scratch/fixed.json", "sourceType": "S3"}
        resp = self.ok("update_changeset", datasetId=did, changesetId=cid, sourceParams=source,
                       formatParams={"formatType": "JSON"})
        self.assertEqual((resp["changesetId"], resp["datasetId"]), (cid, did))
        c = self.ok("get_changeset", datasetId=did, changesetId=cid)
        self.assertEqual((c["sourceParams"], c["formatParams"]), (source, {"formatType": "JSON"}))
        self.assertEqual((c["createTime"], c["activeFromTimestamp"], c["changeType"]),
                         (before["createTime"], before["activeFromTimestamp"], "APPEND"))
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.update_changeset(datasetId=did, changesetId="NoSuchChangeset",
                                     sourceParams=source, formatParams={"formatType": "JSON"})
        with self.assert_client_error("ValidationException"):
            self.fs.update_changeset(datasetId=did, changesetId=cid, sourceParams={},
                                     formatParams={"formatType": "JSON"})

    def test_list_paginates(self):
        did = self.new_dataset()
        created = [self.new_changeset(did) for _ in range(5)]
        items, pages = self.pages("list_changesets", "changesets", 2, datasetId=did)
        self.assertEqual([c["changesetId"] for c in items], created)
        self.assertEqual(pages, 3)
        paginator = self.fs.get_paginator("list_changesets")
        ids = [c["changesetId"] for page in paginator.paginate(datasetId=did)
               for c in page["changesets"]]
        self.assertEqual(ids, created)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.list_changesets(datasetId="NoSuchDataset")

    def test_client_token_replays_create_changeset(self):
        did = self.new_dataset()
        token = uuid.uuid4().hex
        first = self.new_changeset(did, clientToken=token)
        self.assertEqual(self.new_changeset(did, clientToken=token), first)
        self.assertEqual(len(self.ok("list_changesets", datasetId=did)["changesets"]), 1)


class SettlingTest(DatasetCase):
    """With a delay, what is made settles through its statuses, as the API reports them."""

    server_args = ["--finspace-delay-ms", "1000"]

    @staticmethod
    def sleep_until(moment):
        time.sleep(max(0.0, moment - time.time()))

    def test_dataset_and_changeset_pending_running_success(self):
        t0 = time.time()
        did = self.new_dataset()
        cid = self.new_changeset(did, "APPEND")
        self.assertEqual(self.ok("get_dataset", datasetId=did)["status"], "PENDING")
        c = self.ok("get_changeset", datasetId=did, changesetId=cid)
        self.assertEqual(c["status"], "PENDING")
        self.assertNotIn("activeFromTimestamp", c)
        with self.assert_client_error("ConflictException", status=409) as cm:
            self.fs.update_changeset(datasetId=did, changesetId=cid, sourceParams=S3_SOURCE,
                                     formatParams={"formatType": "CSV"})
        self.assertEqual(cm.exception.response.get("reason"), "CHANGESET_INGESTION_IN_PROGRESS")
        self.sleep_until(t0 + 0.6)  # RUNNING from half-way
        self.assertEqual(self.ok("get_dataset", datasetId=did)["status"], "RUNNING")
        self.assertEqual(self.ok("get_changeset", datasetId=did, changesetId=cid)["status"],
                         "RUNNING")
        self.sleep_until(t0 + 1.1)
        self.assertEqual(self.ok("get_dataset", datasetId=did)["status"], "SUCCESS")
        c = self.ok("get_changeset", datasetId=did, changesetId=cid)
        self.assertEqual(c["status"], "SUCCESS")
        self.assertIn("activeFromTimestamp", c)
        # An update ingests it again.
        self.ok("update_changeset", datasetId=did, changesetId=cid, sourceParams=S3_SOURCE,
                formatParams={"formatType": "CSV"})
        self.assertEqual(self.ok("get_changeset", datasetId=did, changesetId=cid)["status"],
                         "PENDING")


class DatasetCliTest(DatasetCase):
    def aws(self, *args):
        return self.cli("finspace-data", *args, access_key=self.account)

    def test_dataset_and_changeset(self):
        group = self.new_group("owners", ["CreateDataset"])
        rc, out, err = self.aws("create-dataset", "--dataset-title", "Prices", "--kind", "TABULAR",
                                "--permission-group-params",
                                f'{{"permissionGroupId": "{group}", "datasetPermissions": '
                                '[{"permission": "ViewDatasetDetails"}]}')
        self.assertEqual(rc, 0, err)
        did = out["datasetId"]
        rc, out, err = self.aws("get-dataset", "--dataset-id", did)
        self.assertEqual(rc, 0, err)
        self.assertEqual((out["datasetTitle"], out["status"]), ("Prices", "SUCCESS"))
        rc, out, err = self.aws("create-changeset", "--dataset-id", did, "--change-type",
                                "REPLACE", "--source-params",
                                "s3SourcePath=s3://finspace-landing/eq.csv,sourceType=S3",
                                "--format-params", "formatType=CSV")
        self.assertEqual(rc, 0, err)
        cid = out["changesetId"]
        rc, out, err = self.aws("list-changesets", "--dataset-id", did)
        self.assertEqual(rc, 0, err)
        self.assertEqual([c["changesetId"] for c in out["changesets"]], [cid])
        rc, out, err = self.aws("update-dataset", "--dataset-id", did, "--dataset-title",
                                "Prices EU", "--kind", "TABULAR")
        self.assertEqual(rc, 0, err)
        rc, out, err = self.aws("list-datasets")
        self.assertEqual(rc, 0, err)
        self.assertEqual([d["datasetTitle"] for d in out["datasets"]], ["Prices EU"])
        rc, out, err = self.aws("delete-dataset", "--dataset-id", did)
        self.assertEqual(rc, 0, err)
        rc, out, err = self.aws("get-dataset", "--dataset-id", did)
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)

    def test_create_dataset_without_the_permission_fails(self):
        group = self.new_group("viewers", ["ViewAuditData"])
        rc, out, err = self.aws("create-dataset", "--dataset-title", "Prices", "--kind", "TABULAR",
                                "--permission-group-params", f"permissionGroupId={group}")
        self.assertNotEqual(rc, 0)
        self.assertIn("AccessDeniedException", err)


if __name__ == "__main__":
    import unittest
    unittest.main()
