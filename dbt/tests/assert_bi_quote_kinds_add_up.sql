-- Per speaker, the kinds of bi_quote_kinds add up to quotes_by_speaker.quotes.
-- A test that reads several models is an asset check in Dagster only when it names one: bi_quote_kinds.
{{ config(meta={'dagster': {'ref': {'name': 'bi_quote_kinds'}}}) }}
with kinds as (
    select speaker, sum(quotes) as quotes from {{ ref('bi_quote_kinds') }} group by speaker
)

select speakers.speaker, speakers.quotes as expected, kinds.quotes as listed
from {{ ref('quotes_by_speaker') }} as speakers
full join kinds using (speaker)
where speakers.quotes is distinct from kinds.quotes
