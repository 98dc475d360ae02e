-- declined_engagements with the pair label and the article that first reported each refusal, for the
-- dashboard's timeline and event table.
{{ config(materialized='view') }}

with events as (
    select * from {{ ref('declined_engagements') }}
),

articles as (
    select article_id, source_file, title from {{ ref('stg_articles') }}
)

select
    events.event_id,
    events.decliner || ' → ' || coalesce(events.requester, '(requester not named)') as pair,
    events.decliner,
    events.requester,
    events.kind,
    events.engagement,
    events.engagement_type,
    events.first_reported,
    events.mentions,
    events.articles,
    articles.source_file as first_source_file,
    articles.title as first_title
from events
left join articles on articles.article_id = events.first_article_id
