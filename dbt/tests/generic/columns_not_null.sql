{#
  Fails with one row per listed column that holds nulls (null_column, null_rows). One test per model
  instead of one not_null test per column: each dbt test is a node that dbt runs and Dagster records as an
  asset check, and on a small refresh their fixed cost, not their rows, was most of the build. The table
  is read once for every column.
#}
{% test columns_not_null(model, columns) %}
select null_column, null_rows
from (
    select
    {%- for column in columns %}
        count(*) filter (where {{ column }} is null) as "{{ column }}"{{ "," if not loop.last }}
    {%- endfor %}
    from {{ model }}
) unpivot (null_rows for null_column in (
    {%- for column in columns %}"{{ column }}"{{ ", " if not loop.last }}{% endfor -%}
))
where null_rows > 0
{% endtest %}
