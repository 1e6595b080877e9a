package io.tributary.payments.deadletter;

import jakarta.persistence.LockModeType;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface DeadLetterRepository extends JpaRepository<DeadLetter, Long> {

    boolean existsBySourceTopicAndSourcePartitionAndSourceOffset(String topic, int partition, long offset);

    List<DeadLetter> findAllByOrderByIdAsc();

    List<DeadLetter> findByRedrivenAtIsNullOrderByIdAsc();

    List<DeadLetter> findByRedrivenAtIsNotNullOrderByIdAsc();

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from DeadLetter d where d.redrivenAt is null order by d.id")
    List<DeadLetter> findPendingForUpdate();
}
