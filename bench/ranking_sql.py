"""The quarter's ranking totals in one hand-written PostgreSQL statement: the yardstick for compute_ranking.

It computes, per town, the same indicator inputs as bureau/assessment/indicators.py (each CTE below names the
function it mirrors), the points of each rule in bureau/assessment/registry.py (weights and deductions read from
the scheme in force, as Scheme.in_force picks it), the net pre-deductions and the totals. The bench checks that its
totals are compute_ranking's, town by town.

Rounding: indicators.py rounds a share with Python's round(float, 4), which rounds an exact tie (1/32 = 0.03125)
to even; PostgreSQL's round(numeric) rounds ties away from zero. `half_even_4` below does what Python does, so
the totals agree to the cent.
"""

SQL = """
WITH
scheme AS (
    SELECT id FROM assessment_scheme
    WHERE valid_from_year < %(year)s OR (valid_from_year = %(year)s AND valid_from_quarter <= %(quarter)s)
    ORDER BY valid_from_year DESC, valid_from_quarter DESC
    LIMIT 1
),
weights AS (
    SELECT i.rule, i.weight, i.per_item, i.per_major
    FROM assessment_indicator i JOIN scheme s ON s.id = i.scheme_id
),
towns AS (SELECT id, path FROM grids_gridcell WHERE level = 2),
registry AS (SELECT id, town_id FROM enterprises_enterprise WHERE status <> 'closed'),
intervals AS (
    SELECT d.grade, COALESCE(ii.days, d.days) AS days
    FROM (VALUES ('red', 30), ('yellow', 90), ('blue', 180), ('green', 365)) AS d (grade, days)
    LEFT JOIN enterprises_inspectioninterval ii ON ii.grade = d.grade
),
-- inspections_due: the grade in force at the quarter's end, the last visit before it, a visit in it
grade_then AS (
    SELECT DISTINCT ON (enterprise_id) enterprise_id, grade
    FROM enterprises_gradechange
    WHERE effective_date <= %(end)s
    ORDER BY enterprise_id, effective_date DESC, id DESC
),
visits AS (
    SELECT enterprise_id,
           MAX(date) FILTER (WHERE date < %(start)s) AS last_before,
           BOOL_OR(date >= %(start)s) AS inspected
    FROM inspections_inspection
    WHERE date <= %(end)s
    GROUP BY enterprise_id
),
due AS (
    SELECT r.town_id,
           COUNT(*) FILTER (WHERE v.last_before IS NULL OR v.last_before + iv.days <= %(end)s) AS due,
           COUNT(*) FILTER (
               WHERE (v.last_before IS NULL OR v.last_before + iv.days <= %(end)s) AND v.inspected
           ) AS done
    FROM registry r
    LEFT JOIN grade_then g ON g.enterprise_id = r.id
    JOIN intervals iv ON iv.grade = COALESCE(g.grade, 'blue')
    LEFT JOIN visits v ON v.enterprise_id = r.id
    GROUP BY r.town_id
),
-- rectification_rate: hazards found in the quarter, closed (销号) by its end
rectified AS (
    SELECT e.town_id,
           COUNT(*) AS found,
           COUNT(*) FILTER (
               WHERE h.status = 'closed' AND (h.closed_at AT TIME ZONE %(tz)s)::date <= %(end)s
           ) AS closed
    FROM hazards_hazard h JOIN enterprises_enterprise e ON e.id = h.enterprise_id
    WHERE h.found_on BETWEEN %(start)s AND %(end)s
    GROUP BY e.town_id
),
-- overdue_hazards: past the deadline and not closed at the quarter's end
overdue AS (
    SELECT e.town_id,
           COUNT(*) FILTER (WHERE h.level <> 'major') AS general,
           COUNT(*) FILTER (WHERE h.level = 'major') AS major
    FROM hazards_hazard h JOIN enterprises_enterprise e ON e.id = h.enterprise_id
    WHERE h.found_on <= %(end)s AND h.rectification_deadline < %(end)s
      AND (h.closed_at IS NULL OR (h.closed_at AT TIME ZONE %(tz)s)::date > %(end)s)
    GROUP BY e.town_id
),
-- self_check_coverage: a self-check for a month of the quarter
checked AS (
    SELECT r.town_id, COUNT(*) AS enterprises, COUNT(s.enterprise_id) AS checked
    FROM registry r
    LEFT JOIN (
        SELECT DISTINCT enterprise_id FROM hazards_selfcheck WHERE year = %(year)s AND month = ANY(%(months)s)
    ) s ON s.enterprise_id = r.id
    GROUP BY r.town_id
),
-- statistics_on_time: the previous quarter's statistics filed by the 15th of this quarter's first month
on_time AS (
    SELECT r.town_id, COUNT(*) AS enterprises, COUNT(q.enterprise_id) AS on_time
    FROM registry r
    LEFT JOIN (
        SELECT DISTINCT enterprise_id FROM hazards_quarterlystatistics
        WHERE year = %(previous_year)s AND quarter = %(previous_quarter)s
          AND (submitted_at AT TIME ZONE %(tz)s)::date <= %(statistics_due)s
    ) q ON q.enterprise_id = r.id
    GROUP BY r.town_id
),
-- grid_coverage: cells of the town's subtree (the town included) with a 责任人 in office at the quarter's end
cells AS (
    SELECT c.path,
           EXISTS (
               SELECT 1 FROM grids_gridassignment a
               WHERE a.cell_id = c.id AND a.capacity = 'responsible' AND a.start_date <= %(end)s
                 AND (a.end_date IS NULL OR a.end_date > %(end)s)
           ) AS covered
    FROM grids_gridcell c
),
grid AS (
    SELECT t.id AS town_id, COUNT(*) AS cells, COUNT(*) FILTER (WHERE c.covered) AS covered
    FROM towns t JOIN cells c ON starts_with(c.path, t.path)
    GROUP BY t.id
),
-- campaign_progress: targets of the campaigns in force, surveyed and completed by the quarter's end
campaigns AS (
    SELECT e.town_id,
           COUNT(*) AS targets,
           COUNT(*) FILTER (WHERE ct.surveyed_on <= %(end)s) AS surveyed,
           COUNT(*) FILTER (WHERE ct.completed_on <= %(end)s) AS completed
    FROM inspections_campaigntarget ct
    JOIN inspections_campaign c ON c.id = ct.campaign_id
    JOIN enterprises_enterprise e ON e.id = ct.enterprise_id
    WHERE c.start_date <= %(end)s AND c.end_date >= %(start)s
    GROUP BY e.town_id
),
-- accidents: accidents and deaths in the quarter
accidents AS (
    SELECT e.town_id, COUNT(*) AS accidents, COALESCE(SUM(a.deaths), 0) AS deaths
    FROM assessment_accident a JOIN enterprises_enterprise e ON e.id = a.enterprise_id
    WHERE a.date BETWEEN %(start)s AND %(end)s
    GROUP BY e.town_id
),
pre AS (
    SELECT t.id AS town_id,
           ROUND(GREATEST(0, d.points - COALESCE((
               SELECT SUM(r.points) FROM assessment_restoration r
               JOIN assessment_prededuction p ON p.id = r.pre_deduction_id
               WHERE p.town_id = t.id AND p.year = %(year)s AND p.quarter = %(quarter)s AND r.approved_on <= %(end)s
           ), 0)), 2) AS points
    FROM towns t
    JOIN (
        SELECT town_id, SUM(points) AS points FROM assessment_prededuction
        WHERE year = %(year)s AND quarter = %(quarter)s GROUP BY town_id
    ) d ON d.town_id = t.id
),
shares AS (
    SELECT t.id AS town_id,
           COALESCE(d.due, 0) AS due, COALESCE(d.done, 0) AS done,
           COALESCE(rc.found, 0) AS found, COALESCE(rc.closed, 0) AS closed,
           COALESCE(o.general, 0) AS overdue_general, COALESCE(o.major, 0) AS overdue_major,
           COALESCE(ch.enterprises, 0) AS enterprises, COALESCE(ch.checked, 0) AS checked,
           COALESCE(ot.on_time, 0) AS on_time,
           COALESCE(g.cells, 0) AS cells, COALESCE(g.covered, 0) AS covered,
           COALESCE(cp.targets, 0) AS targets, COALESCE(cp.surveyed, 0) AS surveyed,
           COALESCE(cp.completed, 0) AS completed,
           COALESCE(ac.accidents, 0) AS accidents, COALESCE(ac.deaths, 0) AS deaths,
           COALESCE(pre.points, 0) AS pre_deduction
    FROM towns t
    LEFT JOIN due d ON d.town_id = t.id
    LEFT JOIN rectified rc ON rc.town_id = t.id
    LEFT JOIN overdue o ON o.town_id = t.id
    LEFT JOIN checked ch ON ch.town_id = t.id
    LEFT JOIN on_time ot ON ot.town_id = t.id
    LEFT JOIN grid g ON g.town_id = t.id
    LEFT JOIN campaigns cp ON cp.town_id = t.id
    LEFT JOIN accidents ac ON ac.town_id = t.id
    LEFT JOIN pre ON pre.town_id = t.id
),
points AS (
    SELECT s.*, (
        SELECT SUM(CASE w.rule
            WHEN 'inspections_due' THEN ROUND(w.weight * {share_due}, 2)
            WHEN 'rectification_rate' THEN ROUND(w.weight * {share_rectified}, 2)
            WHEN 'overdue_hazards' THEN ROUND(
                GREATEST(0, w.weight - w.per_item * s.overdue_general - w.per_major * s.overdue_major), 2)
            WHEN 'self_check_coverage' THEN ROUND(w.weight * {share_checked}, 2)
            WHEN 'statistics_on_time' THEN ROUND(w.weight * {share_on_time}, 2)
            WHEN 'grid_coverage' THEN ROUND(w.weight * {share_covered}, 2)
            WHEN 'campaign_progress' THEN ROUND(w.weight * {share_campaign}, 2)
            WHEN 'accidents' THEN -ROUND(LEAST(w.weight, w.per_item * s.accidents + w.per_major * s.deaths), 2)
        END) FROM weights w
    ) AS score
    FROM shares s
)
SELECT town_id, due, done, found, closed, overdue_general, overdue_major, enterprises, checked, on_time, cells,
       covered, targets, surveyed, completed, accidents, deaths, score, pre_deduction,
       ROUND(score - pre_deduction, 2) AS total
FROM points
ORDER BY town_id
"""


def half_even_4(part, whole):
    """part / whole as a share rounded to 4 places the way Python's round(float, 4) does; 1 when whole is 0."""
    scaled = f"({part})::numeric * 10000 / NULLIF({whole}, 0)"
    return (
        f"COALESCE(CASE WHEN {scaled} - FLOOR({scaled}) = 0.5 "
        f"THEN (FLOOR({scaled}) + MOD(FLOOR({scaled}), 2)) / 10000 "
        f"ELSE ROUND({scaled}) / 10000 END, 1)"
    )


STATEMENT = SQL.format(
    share_due=half_even_4("s.done", "s.due"),
    share_rectified=half_even_4("s.closed", "s.found"),
    share_checked=half_even_4("s.checked", "s.enterprises"),
    share_on_time=half_even_4("s.on_time", "s.enterprises"),
    share_covered=half_even_4("s.covered", "s.cells"),
    share_campaign=half_even_4("s.surveyed + s.completed", "2 * s.targets"),
)


def parameters(quarter):
    from datetime import timedelta

    from django.conf import settings

    previous = quarter.previous()
    return {
        "year": quarter.year,
        "quarter": quarter.number,
        "start": quarter.start,
        "end": quarter.end,
        "months": [3 * quarter.number - 2, 3 * quarter.number - 1, 3 * quarter.number],
        "previous_year": previous.year,
        "previous_quarter": previous.number,
        "statistics_due": quarter.start + timedelta(days=14),
        "tz": settings.TIME_ZONE,
    }


def ranking_totals(quarter):
    """{town_id: row} computed by the one statement; row["total"] is the town's total (a Decimal)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(STATEMENT, parameters(quarter))
        names = [column.name for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
