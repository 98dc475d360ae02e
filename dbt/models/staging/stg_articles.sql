with source as (
    select * from {{ source('news', 'articles') }}
),

renamed as (
    select
        article_id,
        source_file,
        title,
        dateline,
        published_date,
        published_date_source,
        source as publisher,
        url,
        n_words,
        ingested_at
    from source
)

select * from renamed
