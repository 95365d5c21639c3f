"""FinSpace Data data views (state only: nothing is exported), the access details of external
ones, programmatic access credentials and working locations, through boto3 and the AWS CLI."""

import re
import time

import boto3
from botocore.config import Config

from junction_harness import DUMMY_SECRET, service_model
from test_finspace_data import ID_RE, SERVICE
from test_finspace_data_datasets import SCHEMA, DatasetCase

S3_VIEW = {"destinationType": "S3", "s3DestinationExportFileFormat": "DELIMITED_TEXT",
           "s3DestinationExportFileFormatOptions": {"header": "true", "delimiter": ","}}


class DataViewCase(DatasetCase):
    def new_data_view(self, dataset, destination=None, **params):
        resp = self.ok("create_data_view", datasetId=dataset,
                       destinationTypeParams=destination or {"destinationType": "GLUE_TABLE"},
                       **params)
        self.assertEqual(resp["datasetId"], dataset)
        self.assertRegex(resp["dataViewId"], ID_RE)
        return resp["dataViewId"]


class DataViewTest(DataViewCase):
    def test_create_get_list(self):
        did = self.new_dataset(schemaDefinition=SCHEMA)
        before = int(time.time() * 1000)
        vid = self.new_data_view(did, S3_VIEW, autoUpdate=True, sortColumns=["day"],
                                 partitionColumns=["ticker"], asOfTimestamp=1635768000000)
        v = self.ok("get_data_view", datasetId=did, dataViewId=vid)
        self.assertEqual(v["dataViewId"], vid)
        self.assertEqual(v["dataViewArn"], f"{self.dataset_arn(did)}/dataview/{vid}")
        self.assertEqual((v["datasetId"], v["status"], v["autoUpdate"]), (did, "SUCCESS", True))
        self.assertEqual((v["sortColumns"], v["partitionColumns"]), (["day"], ["ticker"]))
        self.assertEqual(v["asOfTimestamp"], 1635768000000)
        self.assertEqual(v["destinationTypeParams"], S3_VIEW)
        self.assertAlmostEqual(v["createTime"], before, delta=5000)
        self.assertEqual(v["lastModifiedTime"], v["createTime"])
        self.assertNotIn("errorInfo", v)
        [listed] = self.ok("list_data_views", datasetId=did)["dataViews"]
        # The summary names the destination destinationTypeProperties.
        self.assertEqual(listed["destinationTypeProperties"], S3_VIEW)
        self.assertNotIn("destinationTypeParams", listed)
        self.assertEqual((listed["dataViewId"], listed["status"]), (vid, "SUCCESS"))

    def test_defaults(self):
        did = self.new_dataset()
        before = int(time.time() * 1000)
        v = self.ok("get_data_view", datasetId=did, dataViewId=self.new_data_view(did))
        self.assertEqual((v["autoUpdate"], v["sortColumns"], v["partitionColumns"]),
                         (False, [], []))
        # Without asOfTimestamp, the data view is of the dataset as it is when it is made.
        self.assertAlmostEqual(v["asOfTimestamp"], before, delta=5000)

    def test_create_errors(self):
        did = self.new_dataset(schemaDefinition=SCHEMA)
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.create_data_view(datasetId="NoSuchDataset",
                                     destinationTypeParams={"destinationType": "GLUE_TABLE"})
        self.assertEqual(cm.exception.response.get("reason"), "DATASET_NOT_FOUND")
        with self.assert_client_error("ValidationException", status=400):
            self.fs.create_data_view(datasetId=did,
                                     destinationTypeParams={"destinationType": "REDSHIFT"})
        with self.assert_client_error("ValidationException", message_contains="volume"):
            self.fs.create_data_view(datasetId=did, sortColumns=["volume"],
                                     destinationTypeParams={"destinationType": "GLUE_TABLE"})
        with self.assert_client_error("ValidationException", message_contains="enum"):
            self.loose.create_data_view(datasetId=did, destinationTypeParams={
                "destinationType": "S3", "s3DestinationExportFileFormat": "CSV"})
        self.assertEqual(self.ok("list_data_views", datasetId=did)["dataViews"], [])

    def test_get_and_list_errors(self):
        did = self.new_dataset()
        vid = self.new_data_view(did)
        other = self.new_dataset(title="Other")
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.get_data_view(datasetId=did, dataViewId="NoSuchView")
        self.assertEqual(cm.exception.response.get("reason"), "DATA_VIEW_NOT_FOUND")
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.get_data_view(datasetId=other, dataViewId=vid)
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.list_data_views(datasetId="NoSuchDataset")

    def test_list_paginates(self):
        did = self.new_dataset()
        created = [self.new_data_view(did) for _ in range(5)]
        items, pages = self.pages("list_data_views", "dataViews", 2, datasetId=did)
        self.assertEqual([v["dataViewId"] for v in items], created)
        self.assertEqual(pages, 3)
        paginator = self.fs.get_paginator("list_data_views")
        ids = [v["dataViewId"] for page in paginator.paginate(datasetId=did)
               for v in page["dataViews"]]
        self.assertEqual(ids, created)

    def test_client_token_replays_create_data_view(self):
        did = self.new_dataset()
        first = self.new_data_view(did, clientToken="view-1")
        self.assertEqual(self.new_data_view(did, clientToken="view-1"), first)
        with self.assert_client_error("ConflictException", status=409):
            self.fs.create_data_view(datasetId=did, clientToken="view-1",
                                     destinationTypeParams=S3_VIEW)
        self.assertEqual(len(self.ok("list_data_views", datasetId=did)["dataViews"]), 1)


class ExternalAccessTest(DataViewCase):
    def test_access_details(self):
        did = self.new_dataset(permissions=["ReadDatasetDetails"])
        vid = self.new_data_view(did, S3_VIEW)
        before = int(time.time() * 1000)
        resp = self.ok("get_external_data_view_access_details", datasetId=did, dataViewId=vid)
        creds = resp["credentials"]
        self.assertRegex(creds["accessKeyId"], r"^ASIA[A-Z0-9]{16}$")
        self.assertEqual(len(creds["secretAccessKey"]), 40)
        self.assertTrue(creds["sessionToken"])
        self.assertAlmostEqual(creds["expiration"], before + 3600 * 1000, delta=5000)
        loc = resp["s3Location"]
        self.assertRegex(loc["bucket"], r"^finspace-us-east-1-[0-9a-f]{20}$")
        self.assertEqual(loc["key"], f"datasets/{did}/dataviews/{vid}/")

    def test_the_dataset_group_must_read_dataset_data(self):
        group = self.new_group("owners", ["CreateDataset"])
        did = self.new_dataset(group, permissions=["ViewDatasetDetails"])
        vid = self.new_data_view(did)
        with self.assert_client_error("AccessDeniedException", status=403,
                                      message_contains="ReadDatasetDetails"):
            self.fs.get_external_data_view_access_details(datasetId=did, dataViewId=vid)
        readable = self.new_dataset(group, permissions=["ReadDatasetDetails"])
        rvid = self.new_data_view(readable)
        self.ok("get_external_data_view_access_details", datasetId=readable, dataViewId=rvid)
        # Without its permission group, nobody holds the permission.
        self.ok("delete_permission_group", permissionGroupId=group)
        with self.assert_client_error("AccessDeniedException", status=403):
            self.fs.get_external_data_view_access_details(datasetId=readable, dataViewId=rvid)

    def test_unknown_data_view(self):
        did = self.new_dataset()
        with self.assert_client_error("ResourceNotFoundException", status=404) as cm:
            self.fs.get_external_data_view_access_details(datasetId=did, dataViewId="NoSuchView")
        self.assertEqual(cm.exception.response.get("reason"), "DATA_VIEW_NOT_FOUND")
        with self.assert_client_error("ResourceNotFoundException", status=404):
            self.fs.get_external_data_view_access_details(datasetId="NoSuchDataset",
                                                          dataViewId="NoSuchView")


class DataViewSettlingTest(DataViewCase):
    server_args = ["--finspace-delay-ms", "1000"]

    def test_starting_running_success(self):
        t0 = time.time()
        did = self.new_dataset()
        vid = self.new_data_view(did)
        self.assertEqual(self.ok("get_data_view", datasetId=did, dataViewId=vid)["status"],
                         "STARTING")
        with self.assert_client_error("ValidationException", message_contains="STARTING"):
            self.fs.get_external_data_view_access_details(datasetId=did, dataViewId=vid)
        time.sleep(max(0.0, t0 + 0.6 - time.time()))
        [v] = self.ok("list_data_views", datasetId=did)["dataViews"]
        self.assertEqual(v["status"], "RUNNING")
        time.sleep(max(0.0, t0 + 1.1 - time.time()))
        self.assertEqual(self.ok("get_data_view", datasetId=did, dataViewId=vid)["status"],
                         "SUCCESS")
        self.ok("get_external_data_view_access_details", datasetId=did, dataViewId=vid)


class CredentialsTest(DataViewCase):
    def test_programmatic_access_credentials(self):
        resp = self.ok("get_programmatic_access_credentials", environmentId="env0123456789")
        self.assertEqual(resp["durationInMinutes"], 60)
        creds = resp["credentials"]
        self.assertEqual(len(creds["secretAccessKey"]), 40)
        self.assertTrue(creds["sessionToken"])
        self.assertEqual(self.ok("get_programmatic_access_credentials", environmentId="env1",
                                 durationInMinutes=15)["durationInMinutes"], 15)
        # The credentials act in the caller's account: a client made with them sees its state.
        uid = self.new_user()
        client = boto3.session.Session().client(
            SERVICE, region_name="us-east-1", endpoint_url=self.url,
            aws_access_key_id=creds["accessKeyId"],
            aws_secret_access_key=creds["secretAccessKey"],
            aws_session_token=creds["sessionToken"], config=Config(retries={"max_attempts": 1}))
        self.assertEqual([u["userId"] for u in client.list_users(maxResults=10)["users"]], [uid])

    def test_programmatic_access_credentials_errors(self):
        for params in ({"environmentId": "env1", "durationInMinutes": 61},
                       {"environmentId": "env1", "durationInMinutes": 0},
                       {"environmentId": ""},
                       {}):
            with self.subTest(params=params):
                with self.assert_client_error("ValidationException", status=400):
                    self.loose.get_programmatic_access_credentials(**params)

    def test_working_location(self):
        ingestion = self.ok("get_working_location")
        bucket = ingestion["s3Bucket"]
        self.assertRegex(bucket, r"^finspace-landing-us-east-1-[0-9a-f]{22}$")
        self.assertRegex(ingestion["s3Path"], rf"^{bucket}/scratch/[a-z0-9]{{22}}/ingestion$")
        self.assertEqual(ingestion["s3Uri"], "s3://" + ingestion["s3Path"])
        sagemaker = self.ok("get_working_location", locationType="SAGEMAKER")
        self.assertEqual(sagemaker["s3Bucket"], bucket)
        self.assertTrue(sagemaker["s3Path"].endswith("/sagemaker"))
        again = self.ok("get_working_location", locationType="INGESTION")
        self.assertNotEqual(again["s3Path"], ingestion["s3Path"])  # a new scratch folder
        with self.assert_client_error("ValidationException", message_contains="enum"):
            self.loose.get_working_location(locationType="NOTEBOOK")


class HealthTest(DataViewCase):
    def test_health_lists_every_operation_of_the_model(self):
        health = self.raw("GET", "/_junction/health").json()["services"][SERVICE]
        self.assertEqual(sorted(health["operations"]),
                         sorted(service_model(SERVICE).operation_names))
        self.assertEqual((len(health["operations"]), health["modelOperations"]), (31, 31))


class DataViewCliTest(DataViewCase):
    def aws(self, *args):
        return self.cli("finspace-data", *args, access_key=self.account)

    def test_data_view_and_external_access(self):
        did = self.new_dataset(permissions=["ReadDatasetDetails"])
        rc, out, err = self.aws("create-data-view", "--dataset-id", did,
                                "--destination-type-params",
                                "destinationType=S3,s3DestinationExportFileFormat=PARQUET")
        self.assertEqual(rc, 0, err)
        vid = out["dataViewId"]
        rc, out, err = self.aws("get-data-view", "--dataset-id", did, "--data-view-id", vid)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["status"], "SUCCESS")
        rc, out, err = self.aws("list-data-views", "--dataset-id", did)
        self.assertEqual(rc, 0, err)
        self.assertEqual([v["dataViewId"] for v in out["dataViews"]], [vid])
        rc, out, err = self.aws("get-external-data-view-access-details", "--dataset-id", did,
                                "--data-view-id", vid)
        self.assertEqual(rc, 0, err)
        self.assertIn("bucket", out["s3Location"])
        rc, out, err = self.aws("get-data-view", "--dataset-id", did, "--data-view-id", "NoSuch")
        self.assertNotEqual(rc, 0)
        self.assertIn("ResourceNotFoundException", err)

    def test_credentials_and_working_location(self):
        rc, out, err = self.aws("get-programmatic-access-credentials", "--environment-id",
                                "env1", "--duration-in-minutes", "30")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["durationInMinutes"], 30)
        self.assertEqual(out["credentials"]["accessKeyId"], self.account)
        rc, out, err = self.aws("get-working-location", "--location-type", "INGESTION")
        self.assertEqual(rc, 0, err)
        self.assertTrue(re.match(r"^s3://finspace-landing-", out["s3Uri"]))


if __name__ == "__main__":
    import unittest
    unittest.main()
