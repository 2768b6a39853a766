"""Import directory data: HSDS JSON or the ORUK tabular data package (CSV + datapackage.json).

    report = import_directory(path_or_upload, actor=user, dry_run=False)

Everything is checked before anything is written; then every row is written in one
transaction, so an import either lands whole or changes nothing. The rules:

- **Sources.** A folder or .zip holding datapackage.json and the CSV files it lists (resource
  names as in the ORUK datapackage.json; the folder may be nested one level in the .zip), or a
  .json file: a list of fully nested services, or `resettle.oruk.export`'s document
  (`{"services": [...], "organizations": [...], "taxonomies": [...]}`), or one page of the
  ORUK API (`{"contents": [...]}`).
- **Problems** carry file, row (the spreadsheet row, header = 1; or a path like
  `[3].schedules[0]` in JSON) and field. Up to 200 errors are listed; warnings (columns or
  tables we do not keep) never stop an import.
- **Ids are kept**: HSDS ids become our primary keys, so importing again updates rows.
- **Children are replaced**: for each service, location and organisation in the import, its
  schedules, areas, languages, phones, contacts, attributes and places are exactly what the
  import lists (for the tables the import contains): ones it no longer lists are deleted.
- **Missing columns keep values**: a CSV without a column leaves that field alone on existing
  rows. In JSON an absent standard key means empty (the profile omits empty fields); an absent
  Resettle extension key (kind, confidential, position, ...) leaves the field alone.
- **Confidential locations**: exports never carry their address, coordinates, directions,
  accessibility notes or phones, so importing a row marked confidential keeps those as held.
- **Mappings** follow docs/oruk-mapping.md in reverse: `assured_date` -> last reviewed,
  `fees`/`fees_description`, an alert "Not taking new referrals..." -> not accepting
  referrals, service areas of `extent_type` prison -> in-reach prisons, `GB-CHC`/`GB-COH`
  identifiers -> charity/company number, organisation attributes `led_by_and_for`. A borough
  not given is found from the postcode district.
- **Search text** for imported services is computed from the import and written with them.
"""

from resettle.oruk.importer.action import import_directory
from resettle.oruk.importer.report import ImportReport, Problem

__all__ = ["ImportReport", "Problem", "import_directory"]
