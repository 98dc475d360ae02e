with source as (
    select * from {{ source('news', 'sentences') }}
),

renamed as (
    select
        article_id,
        sentence_idx,
        start_char,
        end_char,
        text as sentence_text
    from source
)

select * from renamed
